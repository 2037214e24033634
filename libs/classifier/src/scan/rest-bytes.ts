import type { GateLiteral } from './gate-literals';

interface ByteSet {
  readonly any: readonly Buffer[];
  readonly caseSensitive: boolean;
}

/**
 * `holdsRest` on a line's raw bytes, for gates: no decoding and no string per line. A literal
 * common in some input but rarely with the rest of its clause (`대기` of `DB … 대기` in a log
 * full of `메일 대기열`) is confirmed on tens of thousands of lines; decoding each and folding
 * its case cost more than scanning the whole input. Case-insensitive strings are searched in a
 * copy of the line with its ASCII letters folded, which equals `toLowerCase` only for strings
 * whose other characters have no case: `RestBytes.of` declines the others (the caller decodes).
 */
export class RestBytes {
  readonly #sets: readonly ByteSet[];
  readonly #fold: boolean;
  #scratch = Buffer.alloc(4096);

  private constructor(sets: readonly ByteSet[]) {
    this.#sets = sets;
    this.#fold = sets.some((s) => !s.caseSensitive);
  }

  /** Undefined when some string of the literal's rest has cased characters beyond ASCII. */
  static of(lit: GateLiteral): RestBytes | undefined {
    // eslint-disable-next-line no-control-regex -- ASCII is exactly what byte folding handles
    const byteSafe = (s: string): boolean => /^[\x00-\x7f]*$/.test(s) || (s === s.toLowerCase() && s === s.toUpperCase());
    if (!lit.also.every((set) => set.any.every(byteSafe))) return undefined;
    return new RestBytes(lit.also.map((set) => ({ any: set.any.map((s) => Buffer.from(set.caseSensitive ? s : s.toLowerCase(), 'utf8')), caseSensitive: set.caseSensitive })));
  }

  /** True when the line `buf[start, end)` holds one string of one of the sets. */
  holds(buf: Buffer, start: number, end: number): boolean {
    const line = buf.subarray(start, end);
    const folded = this.#fold ? this.#folded(line) : line;
    for (const set of this.#sets) {
      const hay = set.caseSensitive ? line : folded;
      for (const s of set.any) if (hay.indexOf(s) !== -1) return true;
    }
    return false;
  }

  #folded(line: Buffer): Buffer {
    if (this.#scratch.length < line.length) this.#scratch = Buffer.alloc(Math.max(line.length, 2 * this.#scratch.length));
    const out = this.#scratch;
    for (let i = 0; i < line.length; i++) {
      const b = line[i] as number;
      out[i] = b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
    }
    return out.subarray(0, line.length);
  }
}
