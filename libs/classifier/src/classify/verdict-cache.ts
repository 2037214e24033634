import { sameDigitShape } from '../cache/digit-shape';
import { HitGauge } from '../cache/hit-gauge';
import { leadingTime } from '../extract/log-prefix';
import type { DetectedEvent } from './detected-event';

/** One-line records whose verdict is kept, and the longest line kept. */
const MAX_LINES = 2048;
const MAX_LINE = 1024;
/** Lookups the hit rate is judged over (`HitGauge`). */
const PROBE = 4096;

/**
 * A line that starts with a digit ("10.0.0.7 - - […", "2024-05-02 10:00:00,123 …", "[2024-…")
 * never repeats byte for byte.
 */
function stamped(text: string): boolean {
  const c = text.charCodeAt(text.charCodeAt(0) === 0x5b ? 1 : 0);
  return c >= 0x30 && c <= 0x39;
}

/** A kept verdict, and the time (or nothing) that began the line it was decided on. */
interface Kept {
  readonly head: string;
  readonly verdict: DetectedEvent | null;
}

/**
 * Verdicts on recent one-line records, by container and text: an error flood (a crash loop, a
 * dependency down) repeats the same lines, and each is decided once. `null`: benign. A line
 * that starts with the logger's time repeats but for that time: it is looked up by the rest of
 * the line, and the verdict serves when the time has the same shape (only digits differ); a
 * verdict that quotes the time anywhere but in its `time` and `lines` is not kept. A line that
 * starts with an address is not looked up. Where lines do not repeat, the cache is skipped for
 * a while (`HitGauge`).
 *
 * `find` then `keep`: `keep` stores the verdict on the line `find` was last asked about (and
 * found nothing for), so the line is split once.
 */
export class VerdictCache {
  /** Per container: by the line without its leading time. */
  readonly #byContainer = new Map<string, Map<string, Kept>>();
  #size = 0;
  readonly #gauge = new HitGauge(PROBE);
  /** Where `keep` puts the verdict: the last line `find` looked up and found nothing for. */
  #pending: { lines: Map<string, Kept>; rest: string; head: string } | undefined;

  /** The verdict kept on a line like `text`: null when benign, undefined when there is none. */
  find(container: string, text: string): DetectedEvent | null | undefined {
    this.#pending = undefined;
    if (text.length > MAX_LINE) return undefined;
    let time: string | undefined;
    if (stamped(text) && (time = leadingTime(text)) === undefined) return undefined;
    if (this.#gauge.skip()) return undefined;
    const end = time === undefined ? 0 : text.indexOf(time) + time.length;
    const head = end === 0 ? '' : text.slice(0, end);
    const rest = end === 0 ? text : text.slice(end);
    let lines = this.#byContainer.get(container);
    if (lines === undefined) this.#byContainer.set(container, (lines = new Map()));
    const kept = lines.get(rest);
    const found = kept !== undefined && sameDigitShape(kept.head, head) ? kept.verdict : undefined;
    if (this.#gauge.count(found !== undefined)) this.#clear();
    if (found === undefined) this.#pending = { lines, rest, head };
    return found;
  }

  /** Keeps `verdict` on `text`, the line `find` was last asked about, unless it quotes the line's own time. */
  keep(verdict: DetectedEvent | null, text: string): void {
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending === undefined || (verdict !== null && quotesTime(verdict, text))) return;
    if (this.#size >= MAX_LINES) this.#clear();
    if (!pending.lines.has(pending.rest)) this.#size++;
    pending.lines.set(pending.rest, { head: pending.head, verdict });
  }

  #clear(): void {
    this.#byContainer.clear();
    this.#size = 0;
    this.#pending = undefined;
  }
}

/** True when a field of the verdict other than its time and lines holds the line's time. */
function quotesTime(verdict: DetectedEvent, text: string): boolean {
  const time = leadingTime(text);
  if (time === undefined) return false;
  // Field by field: a JSON of the whole verdict per kept line cost more than the hits saved.
  for (const key in verdict) {
    if (key === 'time' || key === 'lines') continue;
    const value = verdict[key as keyof DetectedEvent];
    if (typeof value === 'string' ? value.includes(time) : typeof value === 'object' && JSON.stringify(value).includes(time)) return true;
  }
  return false;
}
