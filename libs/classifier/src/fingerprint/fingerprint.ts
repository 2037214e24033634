import type { Frame } from '../traceback/traceback-parts';
import { hash64 } from './hash';
import { parameterize } from './parameterize';

/** Version of the fingerprint scheme; part of every fingerprint so a change never collides. */
export const FINGERPRINT_VERSION = 'v1';

// Library and interpreter frames say where the code ran, not whose code failed.
const NOT_IN_APP = /(?:site-packages|dist-packages|[\\/]lib[\\/]python\d|<frozen |^<)/;

/** Frames of the application's own code, as `module:function`. */
export function inAppFrames(frames: readonly Frame[]): string[] {
  return frames
    .filter((frame) => !NOT_IN_APP.test(frame.path))
    .map((frame) => {
      const file = frame.path.split(/[\\/]/).pop() ?? frame.path;
      return `${file.replace(/\.py$/, '')}:${frame.func}`;
    });
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

/**
 * A versioned fingerprint: `v1-<16 hex>`. For a traceback, the exception type plus the
 * in-app frames (no line numbers); without in-app frames, the parameterised exception message
 * too. For a line, the type plus the parameterised message.
 */
export function fingerprint(input: FingerprintInput): string {
  const parts = [FINGERPRINT_VERSION, input.container, input.type];
  if (input.exception !== undefined) {
    parts.push(exceptionType(input.exception));
    const frames = inAppFrames(input.frames);
    if (frames.length > 0) parts.push(...frames);
    else parts.push(parameterize(input.exception));
  } else {
    parts.push(parameterize(input.message));
    // An access line parameterises to the same text for every route (the request is quoted),
    // so the route and status tell "POST /survey/submit 503" from "GET /boom 500".
    const r = input.request;
    if (r?.status !== undefined) parts.push(r.method ?? '', parameterize((r.url ?? '').split('?')[0] ?? ''), String(r.status));
  }
  return `${FINGERPRINT_VERSION}-${hash64(parts.join('\u0000'))}`;
}
