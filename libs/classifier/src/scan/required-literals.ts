/*
 * Required literals of a regular expression: a set of strings such that every match of the
 * pattern contains at least one of them (ASCII letters lower-cased: the screens that use them
 * fold ASCII case, which only widens a case-sensitive rule's; a caseless rule's letter with
 * other cases beyond ASCII is no literal). This is what ripgrep and Hyperscan do before running a regex:
 * one multi-literal pass finds the few places worth the regex.
 *
 * The analysis is conservative. Anything it does not understand (a back-reference, a class,
 * an optional part) contributes no literal; a pattern with no literal it can prove required
 * gets `undefined`, and the gate then lets every line through.
 */

import { STATIC_COST, SetRanker, type LiteralCost } from './literal-sets';
import { Parser, lettersOf } from './literal-parser';

export { STATIC_COST, type LiteralCost } from './literal-sets';

/**
 * Strings one of which every match of `source` contains (lower-cased unless `caseSensitive`;
 * `unicode`: the rule has the `u` flag), the cheapest such set by `literalCost`; undefined when no such set is known (or the pattern
 * is beyond this analysis).
 */
export function requiredLiterals(source: string, literalCost: LiteralCost = STATIC_COST, caseSensitive = false, unicode = false): string[] | undefined {
  const rank = new SetRanker(caseSensitive ? (s) => literalCost(s.toLowerCase()) : literalCost);
  try {
    const info = new Parser(source, lettersOf(caseSensitive, unicode), rank).parse();
    const set = rank.best(info.required, info.exact);
    return set === undefined || !rank.valid(set) ? undefined : [...set];
  } catch {
    return undefined;
  }
}

/**
 * One way a match can look: it contains one of `any`, and (when given) one of `and` too —
 * two parts of the same sequence, both required. A pattern's clauses are one per top-level
 * branch; a line matching none of them cannot match the pattern.
 */
export interface LiteralClause {
  readonly any: readonly string[];
  readonly and?: readonly string[];
}

/**
 * The pattern as clauses (see `LiteralClause`), each branch's two cheapest required sets by
 * `literalCost`; undefined when a branch has none.
 */
export function requiredClauses(source: string, literalCost: LiteralCost = STATIC_COST, caseSensitive = false, unicode = false): LiteralClause[] | undefined {
  const rank = new SetRanker(caseSensitive ? (s) => literalCost(s.toLowerCase()) : literalCost);
  try {
    const parser = new Parser(source, lettersOf(caseSensitive, unicode), rank);
    const whole = parser.parse();
    const clauses: LiteralClause[] = [];
    for (const branch of parser.branches) {
      const sets = [...(branch.candidates ?? [])];
      const own = rank.best(branch.required, branch.exact);
      if (own !== undefined) sets.push(own);
      const unique = new Map(sets.filter((set) => rank.valid(set)).map((set) => [[...set].sort().join('\u0000'), set] as const));
      const ranked = [...unique.values()].sort((a, b) => rank.costOf(a) - rank.costOf(b));
      const [first, second] = ranked;
      if (first === undefined) {
        // A branch with nothing required: the whole pattern's set, if any, still holds.
        const all = rank.best(whole.required, whole.exact);
        return all === undefined ? undefined : [{ any: [...all] }];
      }
      clauses.push(second === undefined ? { any: [...first] } : { any: [...first], and: [...second] });
    }
    return clauses;
  } catch {
    return undefined;
  }
}
