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
 * characters, and a literal is checked only where its rarest three stand (at its start, "err"
 * of "error 2003" is on thousands of positions of a log, "200" on a few).
 */
export class SampleCounter {
  readonly #text: string;
  /** Per bucket: the first position with that key, or -1; `#next` links it to the following one. */
  readonly #first = new Int32Array(BUCKETS).fill(-1);
  readonly #next: Int32Array;
  /** Per bucket: how many positions it holds. */
  readonly #sizes = new Int32Array(BUCKETS);

  constructor(text: string) {
    this.#text = text;
    const n = Math.max(text.length - KEY + 1, 0);
    const first = this.#first;
    const next = (this.#next = new Int32Array(n));
    const sizes = this.#sizes;
    // One pass from the end, each position put before the bucket's others: they stay in text
    // order, so occurrences are met left to right. The key rolls along, one character read
    // per position: at start-up this runs before the JIT, over 256 K positions.
    let c1 = text.charCodeAt(n);
    let c2 = text.charCodeAt(n + 1);
    for (let at = n - 1; at >= 0; at--) {
      const c0 = text.charCodeAt(at);
      const b = (((c0 * 31 + c1) * 31 + c2) >>> 0) & (BUCKETS - 1);
      next[at] = first[b] as number;
      first[b] = at;
      sizes[b] = (sizes[b] as number) + 1;
      c2 = c1;
      c1 = c0;
    }
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
    // The literal's three characters at `from` whose bucket is smallest: the positions to check.
    const sizes = this.#sizes;
    let from = 0;
    let key = keyOf(literal, 0);
    for (let p = 1; p + KEY <= literal.length; p++) {
      const k = keyOf(literal, p);
      if ((sizes[k] as number) < (sizes[key] as number)) {
        key = k;
        from = p;
      }
    }
    const next = this.#next;
    let after = 0;
    // Positions come in text order, so occurrences are met left to right, as `indexOf` meets them.
    for (let at = this.#first[key] as number; at !== -1 && n < cap; at = next[at] as number) {
      const start = at - from;
      if (start >= after && text.startsWith(literal, start)) {
        n++;
        after = start + literal.length;
      }
    }
    return n;
  }
}
