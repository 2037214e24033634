import type { Frame } from '../traceback/traceback-parts';
import { hash64 } from './hash';
import { parameterize } from './parameterize';

/** Version of the fingerprint scheme; part of every fingerprint so a change never collides. */
export const FINGERPRINT_VERSION = 'v1';

// Library and interpreter frames say where the code ran, not whose code failed.
const NOT_IN_APP = /(?:site-packages|dist-packages|[\\/]lib[\\/]python\d|<frozen |^<)/;

/** Frames of the application's own code, as `module:function`. */
export function inAppFrames(frames: readonly Frame[], moduleOf: (path: string) => string | undefined = appModule): string[] {
  const out: string[] = [];
  for (const frame of frames) {
    const module = moduleOf(frame.path);
    if (module !== undefined) out.push(`${module}:${frame.func}`);
  }
  return out;
}

/** The module a frame's file is, when the file is the application's own: `app/views.py` → `views`. */
export function appModule(path: string): string | undefined {
  if (NOT_IN_APP.test(path)) return undefined;
  const file = path.split(/[\\/]/).pop() ?? path;
  return file.replace(/\.py$/, '');
}

/** The exception type from "pkg.module.Error: message" (or the whole line without a colon). */
export function exceptionType(exceptionLine: string): string {
  const colon = exceptionLine.indexOf(':');
  return (colon === -1 ? exceptionLine : exceptionLine.slice(0, colon)).trim();
}

/** What a fingerprint is computed from. */
export interface FingerprintInput {
  readonly container: string;
  readonly type: string;
  readonly exception?: string;
  readonly frames: readonly Frame[];
  /** The message without its log prefix. */
  readonly message: string;
  /** The request the lines name, if any. */
  readonly request?: { readonly method?: string; readonly url?: string; readonly status?: number };
}

/** The steps a fingerprint's text is made with: pure, or memoised by a `FingerprintCache`. */
export interface FingerprintSteps {
  parameterize(text: string): string;
  inAppFrames(frames: readonly Frame[]): readonly string[];
}

const PURE_STEPS: FingerprintSteps = { parameterize, inAppFrames };

/**
 * What a fingerprint hashes, its parts joined by NULs. For a traceback, the exception type
 * plus the in-app frames (no line numbers); without in-app frames, the parameterised exception
 * message too. For a line, the type plus the parameterised message.
 */
export function fingerprintText(input: FingerprintInput, steps: FingerprintSteps = PURE_STEPS): string {
  const parts = [FINGERPRINT_VERSION, input.container, input.type];
  if (input.exception !== undefined) {
    parts.push(exceptionType(input.exception));
    const frames = steps.inAppFrames(input.frames);
    if (frames.length > 0) parts.push(...frames);
    else parts.push(steps.parameterize(input.exception));
  } else {
    parts.push(steps.parameterize(input.message));
    // An access line parameterises to the same text for every route (the request is quoted),
    // so the route and status tell "POST /survey/submit 503" from "GET /boom 500".
    const r = input.request;
    if (r?.status !== undefined) parts.push(r.method ?? '', steps.parameterize((r.url ?? '').split('?')[0] ?? ''), String(r.status));
  }
  return parts.join('\u0000');
}

/** A versioned fingerprint, `v1-<16 hex>`: the hash of `fingerprintText`. */
export function fingerprint(input: FingerprintInput): string {
  return fingerprintOf(fingerprintText(input));
}

/** The fingerprint of a `fingerprintText`. */
export function fingerprintOf(text: string): string {
  return `${FINGERPRINT_VERSION}-${hash64(text)}`;
}
