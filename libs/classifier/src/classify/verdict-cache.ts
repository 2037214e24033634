import { leadingTime } from '../extract/log-prefix';
import type { DetectedEvent } from './detected-event';

/** One-line records whose verdict is kept, and the longest line kept. */
const MAX_LINES = 2048;
const MAX_LINE = 1024;
/** Lookups the hit rate is judged over, and records the cache is then skipped for. */
const PROBE = 4096;
const BYPASS = 16 * PROBE;

/**
 * A line that starts with a digit ("10.0.0.7 - - […", "2024-05-02 10:00:00,123 …", "[2024-…")
 * never repeats byte for byte.
 */
function stamped(text: string): boolean {
  const c = text.charCodeAt(text.charCodeAt(0) === 0x5b ? 1 : 0);
  return c >= 0x30 && c <= 0x39;
}

const DIGIT = /\d/g;

/**
 * Verdicts on recent one-line records, by container and text: an error flood (a crash loop, a
 * dependency down) repeats the same lines, and each is decided once. A line that starts with
 * the logger's time repeats but for that time: it is keyed with the time's digits as zeros,
 * and a verdict that quotes the time anywhere but in its `time` and `lines` is not kept. A line
 * that starts with an address is not looked up. `null`: benign. Where
 * lines do not repeat (long lines of varied text), the cache would only cost hashing them and
 * holding them past young-generation collections: when fewer than one lookup in eight hits,
 * it is emptied and skipped for a while, then tried again.
 */
export class VerdictCache {
  readonly #lines = new Map<string, DetectedEvent | null>();
  #lookups = 0;
  #hits = 0;
  #bypass = 0;

  /** The key of a one-line record's verdict; undefined when the line is not worth looking up. */
  keyOf(container: string, text: string): string | undefined {
    if (text.length > MAX_LINE) return undefined;
    let time: string | undefined;
    if (stamped(text) && (time = leadingTime(text)) === undefined) return undefined;
    if (this.#bypass > 0) {
      this.#bypass--;
      return undefined;
    }
    if (time === undefined) return `${container}\u0000${text}`;
    const end = text.indexOf(time) + time.length;
    return `${container}\u0001${text.slice(0, end).replace(DIGIT, '0')}${text.slice(end)}`;
  }

  get(key: string): DetectedEvent | null | undefined {
    const known = this.#lines.get(key);
    this.#lookups++;
    if (known !== undefined) this.#hits++;
    if (this.#lookups >= PROBE) {
      if (this.#hits * 8 < this.#lookups) {
        this.#bypass = BYPASS;
        this.#lines.clear();
      }
      this.#lookups = 0;
      this.#hits = 0;
    }
    return known;
  }

  /** Keeps `verdict` on `text` (the line `key` is of), unless it quotes the line's own time. */
  set(key: string, verdict: DetectedEvent | null, text: string): void {
    if (verdict !== null && quotesTime(verdict, text)) return;
    if (this.#lines.size >= MAX_LINES) this.#lines.clear();
    this.#lines.set(key, verdict);
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
