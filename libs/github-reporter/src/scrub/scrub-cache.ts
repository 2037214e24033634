import { scrub, type ScrubOptions } from './scrubber';

/** Distinct texts kept (each up to 4 KiB): a flood repeats a few messages many times. */
const DEFAULT_ENTRIES = 1000;
const MAX_TEXT = 4096;

/**
 * `scrub` with the scrubbed form of recent texts kept: scrubbing is pure, and a crash loop or a
 * flood writes the same message (and the same context lines) thousands of times. Longer texts
 * (tracebacks) are scrubbed each time rather than kept. Full at `entries`, it starts over.
 */
export class ScrubCache {
  readonly #options: ScrubOptions;
  readonly #entries: number;
  readonly #scrubbed = new Map<string, string>();
  readonly #json = new Map<string, string>();

  constructor(options: ScrubOptions = {}, entries = DEFAULT_ENTRIES) {
    this.#options = options;
    this.#entries = entries;
  }

  scrub(text: string): string {
    if (text.length > MAX_TEXT) return scrub(text, this.#options);
    return remember(this.#scrubbed, this.#entries, text, () => scrub(text, this.#options));
  }

  /** Texts kept now (at most `entries` of each form). */
  get size(): number {
    return Math.max(this.#scrubbed.size, this.#json.size);
  }

  /** The scrubbed text as a JSON string literal (what a JSON log line embeds). */
  json(text: string): string {
    if (text.length > MAX_TEXT) return JSON.stringify(scrub(text, this.#options));
    return remember(this.#json, this.#entries, text, () => JSON.stringify(this.scrub(text)));
  }
}

function remember(map: Map<string, string>, entries: number, key: string, make: () => string): string {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    if (map.size >= entries) map.clear();
    map.set(key, value);
  }
  return value;
}
