/*
 * Sets of literals and what they cost: which of the sets a pattern proves required is the
 * cheapest to scan for (lets the fewest lines through).
 */

/**
 * ASCII letters lower-cased, nothing else: what the screens fold. A literal "É" of a
 * case-sensitive rule stays "É" (Unicode lower-casing made it "é", which no line in the rule's
 * case holds).
 */
export function asciiLower(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32)) : text;
}

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

/**
 * Every concatenation of a string of `a` and one of `b`; undefined past `MAX_SET`. The sets
 * hold distinct strings, so a side of one string needs no set to keep them distinct. Indexed
 * loops: this runs once per pattern character at start-up, before the JIT, where `for…of`
 * allocated an iterator result per step (most of the analysis's 13 MB).
 */
export function cross(a: readonly string[], b: readonly string[]): readonly string[] | undefined {
  if (a.length * b.length > MAX_SET) return undefined;
  if (b.length === 1) {
    const y = b[0] as string;
    const out = new Array<string>(a.length);
    for (let i = 0; i < a.length; i++) out[i] = (a[i] as string) + y;
    return out;
  }
  if (a.length === 1) {
    const x = a[0] as string;
    const out = new Array<string>(b.length);
    for (let i = 0; i < b.length; i++) out[i] = x + (b[i] as string);
    return out;
  }
  const out = new Set<string>();
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) out.add((a[i] as string) + (b[j] as string));
  return [...out];
}

/** Ranks candidate required sets by what they would let through. */
export class SetRanker {
  readonly #cost: LiteralCost;
  /** Each string's cost with its length term: a pattern asks for the same strings many times. */
  readonly #known = new Map<string, number>();

  constructor(cost: LiteralCost) {
    this.#cost = cost;
  }

  #costOfString(s: string): number {
    let c = this.#known.get(s);
    if (c === undefined) {
      // One or two bytes match nearly anywhere.
      c = this.#cost(s) + (Buffer.byteLength(s) < 3 ? 1e6 : 0);
      this.#known.set(s, c);
    }
    return c;
  }

  /** How costly a set is (lower is better); Infinity for none, or one holding an empty string. */
  costOf(set: readonly string[] | undefined): number {
    if (set === undefined || set.length === 0) return Infinity;
    let total = 0;
    for (let i = 0; i < set.length; i++) {
      const s = set[i] as string;
      if (s.length === 0) return Infinity;
      total += this.#costOfString(s);
    }
    return total;
  }

  /** The cheapest of the sets. */
  best(...sets: Array<readonly string[] | undefined>): readonly string[] | undefined {
    let top: readonly string[] | undefined;
    let topCost = Infinity;
    for (let i = 0; i < sets.length; i++) {
      const s = sets[i];
      const c = this.costOf(s);
      if (c < topCost) {
        top = s;
        topCost = c;
      }
    }
    return top;
  }
}
