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
import { bestOf, evaluate, type SetExpr } from './set-expr';

export { STATIC_COST, type LiteralCost } from './literal-sets';

/**
 * What a pattern proves, before costs choose (see `SetExpr`): per top-level branch, the sets
 * it proved required (any two can be ANDed) and its own cheapest; for the whole pattern, its
 * cheapest set. What `requiredClauses` and `requiredLiterals` choose from.
 */
export interface PatternAnalysis {
  readonly branches: ReadonlyArray<{ readonly candidates: readonly SetExpr[]; readonly own: SetExpr | undefined }>;
  readonly whole: SetExpr | undefined;
}

/** `source` analysed (`unicode`: the rule has the `u` flag); undefined when it is beyond this analysis. */
export function analysePattern(source: string, caseSensitive = false, unicode = false): PatternAnalysis | undefined {
  try {
    const parser = new Parser(source, lettersOf(caseSensitive, unicode));
    const whole = parser.parse();
    return {
      branches: parser.branches.map((branch) => ({ candidates: branch.candidates ?? [], own: bestOf(branch.required, branch.exact) })),
      whole: bestOf(whole.required, whole.exact),
    };
  } catch {
    return undefined;
  }
}

/** Ranks by `literalCost`, letters lower-cased first for a case-sensitive rule. */
function rankerFor(literalCost: LiteralCost, caseSensitive: boolean): SetRanker {
  return new SetRanker(caseSensitive ? (s) => literalCost(s.toLowerCase()) : literalCost);
}

/**
 * Strings one of which every match of `source` contains (lower-cased unless `caseSensitive`;
 * `unicode`: the rule has the `u` flag), the cheapest such set by `literalCost`; undefined when no such set is known (or the pattern
 * is beyond this analysis).
 */
export function requiredLiterals(source: string, literalCost: LiteralCost = STATIC_COST, caseSensitive = false, unicode = false): string[] | undefined {
  const analysis = analysePattern(source, caseSensitive, unicode);
  if (analysis?.whole === undefined) return undefined;
  return [...evaluate(analysis.whole, rankerFor(literalCost, caseSensitive))];
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
  const analysis = analysePattern(source, caseSensitive, unicode);
  return analysis === undefined ? undefined : chooseClauses(analysis, literalCost, caseSensitive);
}

/** `requiredClauses` of an analysed pattern. */
export function chooseClauses(analysis: PatternAnalysis, literalCost: LiteralCost, caseSensitive: boolean): LiteralClause[] | undefined {
  const rank = rankerFor(literalCost, caseSensitive);
  const memo = new Map<SetExpr, readonly string[]>();
  const clauses: LiteralClause[] = [];
  for (const branch of analysis.branches) {
    const sets = branch.candidates.map((set) => evaluate(set, rank, memo));
    if (branch.own !== undefined) sets.push(evaluate(branch.own, rank, memo));
    // Each set requires something (the analysis keeps no other): only equal ones go.
    const unique = new Map(sets.map((set) => [[...set].sort().join('\u0000'), set] as const));
    const ranked = [...unique.values()].sort((a, b) => rank.costOf(a) - rank.costOf(b));
    const [first, second] = ranked;
    if (first === undefined) {
      // A branch with nothing required: the whole pattern's set, if any, still holds.
      return analysis.whole === undefined ? undefined : [{ any: [...evaluate(analysis.whole, rank, memo)] }];
    }
    clauses.push(second === undefined ? { any: [...first] } : { any: [...first], and: [...second] });
  }
  return clauses;
}
