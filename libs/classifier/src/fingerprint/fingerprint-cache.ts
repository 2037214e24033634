import { loneZeroShapeHash, sameLoneZeroShape } from '../cache/digit-shape';
import { HitGauge } from '../cache/hit-gauge';
import { appModule, fingerprintOf, fingerprintText, inAppFrames, type FingerprintInput, type FingerprintSteps } from './fingerprint';
import { parameterize } from './parameterize';

/** Entries each map holds before it is emptied. */
const MAX_ENTRIES = 1024;
/** Longest message whose parameterised form is kept. */
const MAX_MESSAGE = 1024;
/** Lookups the parameterisation memo's hit rate is judged over (`HitGauge`). */
const PROBE = 1024;
const DIGIT = /\d/;

/**
 * Fingerprints of one classifier's events, with the work behind them memoised: the same inputs
 * give the same fingerprint, and an error that floods repeats its message with other numbers
 * in it (a pid, a request id, a port).
 *
 * A message is parameterised once per *shape*: the message with every digit made a one but a
 * zero with no digit either side. No pattern of `parameterize` tells one digit from another
 * but such a zero from the rest (fingerprint.spec.ts checks it: "0x1f" is hex, "1x1f" is not,
 * and in "10x1f" no word starts at the zero), so two messages of one shape ("pid:20189",
 * "pid:31337") are matched at the same places and come out the same but for the digits
 * copied through; a result without digits is therefore the result for every message of that
 * shape, and only such results are kept. A frame's file is judged (the application's own, or a library's)
 * once. Each map is bounded and emptied when full.
 */
export class FingerprintCache {
  readonly #byText = new Map<string, string>();
  /** By shape hash: a message of that shape and what it parameterised to. */
  readonly #byShape = new Map<number, { readonly text: string; readonly out: string }>();
  readonly #shapeGauge = new HitGauge(PROBE);
  /** By a frame's file: its module, or null for a library's file. */
  readonly #modules = new Map<string, string | null>();
  #last: { readonly input: FingerprintInput; readonly fingerprint: string } | undefined;
  readonly #steps: FingerprintSteps = {
    parameterize: (text) => this.#parameterize(text),
    inAppFrames: (frames) => inAppFrames(frames, (path) => this.#module(path)),
  };

  /** The input's fingerprint, as `fingerprint` gives it. */
  of(input: FingerprintInput): string {
    // A flood is runs of one message: the last input is compared field by field first, which
    // costs less than making its text.
    const last = this.#last;
    if (last !== undefined && sameInput(last.input, input)) return last.fingerprint;
    const text = fingerprintText(input, this.#steps);
    let fp = this.#byText.get(text);
    if (fp === undefined) {
      fp = fingerprintOf(text);
      keep(this.#byText, text, fp);
    }
    this.#last = { input, fingerprint: fp };
    return fp;
  }

  #parameterize(text: string): string {
    if (text.length > MAX_MESSAGE || this.#shapeGauge.skip()) return parameterize(text);
    // By a hash of the shape, checked against the message kept: no shape string is made.
    const hash = loneZeroShapeHash(text);
    const kept = this.#byShape.get(hash);
    const hit = kept !== undefined && sameLoneZeroShape(kept.text, text);
    if (this.#shapeGauge.count(hit)) this.#byShape.clear();
    if (hit) return kept.out;
    const out = parameterize(text);
    if (!DIGIT.test(out)) keep(this.#byShape, hash, { text, out });
    return out;
  }

  #module(path: string): string | undefined {
    let module = this.#modules.get(path);
    if (module === undefined) {
      module = appModule(path) ?? null;
      keep(this.#modules, path, module);
    }
    return module ?? undefined;
  }
}

function keep<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= MAX_ENTRIES) map.clear();
  map.set(key, value);
}

/** True when the two inputs give the same fingerprint text for certain. */
function sameInput(a: FingerprintInput, b: FingerprintInput): boolean {
  if (a.message !== b.message || a.container !== b.container || a.type !== b.type || a.exception !== b.exception || a.frames.length !== b.frames.length) return false;
  for (let i = 0; i < a.frames.length; i++) {
    const fa = a.frames[i];
    const fb = b.frames[i];
    if (fa?.path !== fb?.path || fa?.func !== fb?.func) return false;
  }
  const ra = a.request;
  const rb = b.request;
  if (ra === undefined || rb === undefined) return ra === rb;
  return ra.method === rb.method && ra.url === rb.url && ra.status === rb.status;
}
