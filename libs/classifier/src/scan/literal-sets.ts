/*
 * Sets of literals and what they cost: which of the sets a pattern proves required is the
 * cheapest to scan for (lets the fewest lines through).
 */

/** Largest set of exact strings tracked for one piece of pattern. */
export const MAX_SET = 64;

// Strings on nearly every line of some log (every access line has a method, every Redis
// client line says redis): as a required literal they let most lines through, so any other
// choice is better.
const COMMON = /^(?:"(?:get|post|put|patch|delete|head|options) |redis|mysql|error|info|warning|debug|http\/1\.[01]"?)$/;

/**
 * How often a literal occurs in text like the input (lines it would let through); without a
 * sample, a guess from its length.
 */
export type LiteralCost = (literal: string) => number;

/** The guess without a sample: short and common strings are costly. */
export const STATIC_COST: LiteralCost = (s) => (COMMON.test(s) ? 1000 : 1000 / Math.min(Buffer.byteLength(s), 8) ** 2);

/** Every concatenation of a string of `a` and one of `b`; undefined past `MAX_SET`. */
export function cross(a: readonly string[], b: readonly string[]): readonly string[] | undefined {
  if (a.length * b.length > MAX_SET) return undefined;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return [...out];
}

/** Ranks candidate required sets by what they would let through. */
export class SetRanker {
  readonly #cost: LiteralCost;

  constructor(cost: LiteralCost) {
    this.#cost = cost;
  }

  /** How costly a set is (lower is better); Infinity for none, or one holding an empty string. */
  costOf(set: readonly string[] | undefined): number {
    if (set === undefined || set.length === 0) return Infinity;
    let total = 0;
    for (const s of set) {
      if (s.length === 0) return Infinity;
      // One or two bytes match nearly anywhere.
      total += this.#cost(s) + (Buffer.byteLength(s) < 3 ? 1e6 : 0);
    }
    return total;
  }

  /** True for a set that requires something at all. */
  valid(set: readonly string[] | undefined): boolean {
    return this.costOf(set) !== Infinity;
  }

  /** The cheapest of the sets. */
  best(...sets: Array<readonly string[] | undefined>): readonly string[] | undefined {
    let top: readonly string[] | undefined;
    let topCost = Infinity;
    for (const s of sets) {
      const c = this.costOf(s);
      if (c < topCost) {
        top = s;
        topCost = c;
      }
    }
    return top;
  }
}
