/** Three characters make a key: few enough positions per key that checking each one is cheap. */
const KEY = 3;
const BUCKETS = 1 << 16;

function keyOf(text: string, at: number): number {
  return (((text.charCodeAt(at) * 31 + text.charCodeAt(at + 1)) * 31 + text.charCodeAt(at + 2)) >>> 0) & (BUCKETS - 1);
}

/**
 * Counts occurrences of literals in one text, many literals over the same text. The gate asks
 * this of a few thousand candidate literals; an `indexOf` pass per literal read the whole text
 * each time (20 ms over 64 KiB). The text's positions are filed once by their first three
 * characters, and a literal is checked only where its own first three stand.
 */
export class SampleCounter {
  readonly #text: string;
  /** Start of each bucket's run in `#positions`; bucket b holds `#positions[#starts[b] .. #starts[b + 1]]`. */
  readonly #starts = new Uint32Array(BUCKETS + 1);
  readonly #positions: Uint32Array;

  constructor(text: string) {
    this.#text = text;
    const n = Math.max(text.length - KEY + 1, 0);
    const starts = this.#starts;
    for (let at = 0; at < n; at++) {
      const b = keyOf(text, at) + 1;
      starts[b] = (starts[b] as number) + 1;
    }
    for (let b = 0; b < BUCKETS; b++) starts[b + 1] = (starts[b + 1] as number) + (starts[b] as number);
    const fill = starts.slice(0, BUCKETS);
    const positions = new Uint32Array(n);
    // In text order within a bucket, so occurrences are met left to right.
    for (let at = 0; at < n; at++) {
      const b = keyOf(text, at);
      positions[fill[b] as number] = at;
      fill[b] = (fill[b] as number) + 1;
    }
    this.#positions = positions;
  }

  /** Occurrences of `literal` that do not overlap (as an `indexOf` scan counts them), at most `cap`. */
  count(literal: string, cap: number): number {
    const text = this.#text;
    if (literal.length === 0) return 0;
    let n = 0;
    if (literal.length < KEY) {
      for (let at = text.indexOf(literal); at !== -1 && n < cap; at = text.indexOf(literal, at + literal.length)) n++;
      return n;
    }
    const b = keyOf(literal, 0);
    const end = this.#starts[b + 1] as number;
    let next = 0;
    for (let k = this.#starts[b] as number; k < end && n < cap; k++) {
      const at = this.#positions[k] as number;
      if (at >= next && text.startsWith(literal, at)) {
        n++;
        next = at + literal.length;
      }
    }
    return n;
  }
}
