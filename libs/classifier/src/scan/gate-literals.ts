import type { ScreenStore } from '../classify/screen-snapshot';
import type { CompiledRule } from '../rules/rule';
import { asciiLower } from './literal-sets';
import { chooseClauses, STATIC_COST, type LiteralCost } from './required-literals';
import { analysisStrings, loadAnalysis } from './rules-analysis';
import { SampleCounter } from './sample-counter';

// SafeWork's "[SEVERITY] type:" marker makes an event whatever the rules say (any case).
const MARKER_LITERALS = ['[critical]', '[high]', '[medium]', '[low]'];
/**
 * The first bytes of the input the literals are counted in. Long lines (Korean text, ANSI
 * colour) put few lines in 64 KiB, too few to tell a rule's rarer literal from its commoner
 * one; counting is cheap (see SampleCounter), filing 256 KiB took 7–11 ms in the profiles.
 */
export const GATE_SAMPLE_BYTES = 256 * 1024;

/**
 * Counts each literal's occurrences in `text` (UTF-8) that do not overlap, at most `cap` each:
 * what a gate with native code can do for `gateLiterals` faster than JavaScript. Undefined:
 * it could not (they are counted in JavaScript then).
 */
export type LiteralCounter = (text: Buffer, literals: readonly string[], cap: number) => ArrayLike<number> | undefined;

/** Occurrences counted of one literal, at most: enough to rank. */
const COUNT_CAP = 100_000;

/** One literal of a gate: its bytes, whether its case must match, and what else its line needs. */
export interface GateLiteral {
  readonly text: string;
  readonly caseSensitive: boolean;
  /**
   * The line must also hold one string of one of these sets (the rest of a clause); empty
   * when some rule needs nothing more than this literal.
   */
  readonly also: Array<{ readonly any: readonly string[]; readonly caseSensitive: boolean }>;
  /** True when some rule needs nothing more. */
  free: boolean;
}

/**
 * The literals a gate scans for: every reporting rule's required literals and the severity
 * marker's; undefined when some reporting rule has no required literal. Each rule has several
 * sets that would do (`survey` or `failed|error|…` for "survey … failed"); given `sample` (a
 * first chunk of the input), the set that occurs least in it is taken — the fewest lines let
 * through on this input, not on a guess. `store`: where the rules' analysis is kept between
 * processes (see rules-analysis.ts); the choice is made on each sample. `counter`: counts the
 * strings the choice can price in the sample at once (else each is counted when asked for).
 */
export function gateLiterals(rules: readonly CompiledRule[], sample?: Buffer, store?: ScreenStore, counter?: LiteralCounter): GateLiteral[] | undefined {
  const analysis = loadAnalysis(rules, store);
  const cost = sample === undefined ? STATIC_COST : sampledCost(sample.subarray(0, GATE_SAMPLE_BYTES), counter === undefined ? undefined : { counter, ...analysisStrings(analysis) });
  const all = new Map<string, GateLiteral>();
  const add = (text: string, caseSensitive: boolean, also?: { any: readonly string[]; caseSensitive: boolean }): void => {
    // A literal without letters has no case to check; scans fold ASCII letters only.
    const exact = caseSensitive && hasCase(text);
    const folded = exact ? text : asciiLower(text);
    const key = `${exact ? 's' : 'i'}${folded}`;
    let lit = all.get(key);
    if (lit === undefined) all.set(key, (lit = { text: folded, caseSensitive: exact, also: [], free: false }));
    if (also === undefined) lit.free = true;
    else lit.also.push(also);
  };
  for (const text of MARKER_LITERALS) add(text, false);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as CompiledRule;
    const analysed = analysis[i];
    if (rule.ignore || analysed === null) continue;
    const caseSensitive = !rule.flags.includes('i');
    const clauses = analysed === undefined ? undefined : chooseClauses(analysed, cost, caseSensitive);
    if (clauses === undefined) return undefined;
    for (const clause of clauses) {
      // One object per clause, shared by its literals: the confirm tables look at each once.
      const also = clause.and === undefined ? undefined : { any: clause.and, caseSensitive };
      for (const text of clause.any) add(text, caseSensitive, also);
    }
  }
  return [...all.values()];
}

function hasCase(text: string): boolean {
  return text.toLowerCase() !== text.toUpperCase();
}

/**
 * True when `line` holds the rest of one of the literal's clauses (`lower` is `line` in lower
 * case). Only for a literal that is not free: the literal itself was found by the caller.
 */
export function holdsRest(lit: GateLiteral, line: string, lower: string): boolean {
  for (const also of lit.also) {
    const hay = also.caseSensitive ? line : lower;
    if (also.any.some((s) => hay.includes(s))) return true;
  }
  return false;
}

/**
 * Occurrences in the sample (lines it would let through), with a small length term for ties.
 * `batch`: the strings to count at once with a counter, and their `STATIC_COST`s; any other is
 * counted when asked for.
 */
function sampledCost(sample: Buffer, batch?: { counter: LiteralCounter; strings: readonly string[]; costs: readonly number[] }): LiteralCost {
  const text = sample.toString('utf8').toLowerCase();
  // Each rule's analysis asks again for strings others asked for: the whole cost is kept.
  const memo = new Map<string, number>();
  if (batch !== undefined) {
    const counts = batch.counter(Buffer.from(text), batch.strings, COUNT_CAP);
    if (counts !== undefined) batch.strings.forEach((s, i) => memo.set(s, (counts[i] as number) + (batch.costs[i] as number) / 1000));
  }
  let counter: SampleCounter | undefined;
  return (literal) => {
    let cost = memo.get(literal);
    if (cost === undefined) {
      counter ??= new SampleCounter(text);
      cost = counter.count(literal, COUNT_CAP) + STATIC_COST(literal) / 1000;
      memo.set(literal, cost);
    }
    return cost;
  };
}
