/*
 * The gate's analysis of a rule set (each rule's `PatternAnalysis`), kept between processes:
 * parsing four dozen patterns took `classify` 16 ms of its start, every run, for rules that
 * had not changed. What the analysis leaves open (which of a rule's sets is cheapest) is
 * chosen on each input's sample; only the parse is kept.
 */
import type { CompiledRule } from '../rules/rule';
import { rulesDigest } from '../rules/rules-digest';
import { keptOrMade, type ScreenStore } from '../classify/screen-snapshot';
import { STATIC_COST, analysePattern, type PatternAnalysis } from './required-literals';
import { ExprTable, decodeExprs, stringsOf, type ExprNode, type SetExpr } from './set-expr';

/** Per rule, in order: its analysis, undefined when beyond the analysis, null for an `ignore` rule (never gated). */
export type RulesAnalysis = ReadonlyArray<PatternAnalysis | undefined | null>;

const FORMAT = 2;

/** The key the analysis of `rules` is kept under (`rulesDigest`). */
export function analysisKey(rules: readonly CompiledRule[]): string {
  return `gate-analysis-v${FORMAT}-${rulesDigest(rules)}`;
}

/** Each rule analysed. Pure. */
export function analyseRules(rules: readonly CompiledRule[]): RulesAnalysis {
  return rules.map((rule) => (rule.ignore ? null : analysePattern(rule.source, !rule.flags.includes('i'), rule.flags.includes('u'))));
}

interface Encoded {
  readonly format: number;
  readonly nodes: readonly ExprNode[];
  /** `analysisStrings` of the analysis: walking the expressions for them took 1.7 ms a run. */
  readonly strings: readonly string[];
  /** `STATIC_COST` of each of them (1 ms a run). */
  readonly costs: readonly number[];
  /** Per rule: null (ignored), 0 (beyond the analysis), or its branches and whole set as node indices (-1: none). */
  readonly rules: ReadonlyArray<null | 0 | { readonly branches: ReadonlyArray<{ readonly c: readonly number[]; readonly o: number }>; readonly w: number }>;
}

/** The analysis as bytes (JSON; shared parts of its expressions once). */
export function encodeAnalysis(analysis: RulesAnalysis): Uint8Array {
  const table = new ExprTable();
  const ref = (e: SetExpr | undefined): number => (e === undefined ? -1 : table.add(e));
  const rules = analysis.map((a) => (a === null ? null : a === undefined ? 0 : { branches: a.branches.map((b) => ({ c: b.candidates.map(ref), o: ref(b.own) })), w: ref(a.whole) }));
  const { strings, costs } = analysisStrings(analysis);
  const encoded: Encoded = { format: FORMAT, nodes: table.nodes, strings, costs, rules };
  return Buffer.from(JSON.stringify(encoded));
}

/** The analysis `encodeAnalysis` wrote for rules like `rules`; undefined when the bytes are not such. */
export function decodeAnalysis(bytes: Uint8Array, rules: readonly CompiledRule[]): RulesAnalysis | undefined {
  try {
    const e = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as Encoded;
    if (e.format !== FORMAT || e.rules.length !== rules.length) return undefined;
    if (!Array.isArray(e.strings) || !e.strings.every((s) => typeof s === 'string')) return undefined;
    if (!Array.isArray(e.costs) || e.costs.length !== e.strings.length || !e.costs.every((c) => typeof c === 'number')) return undefined;
    const exprs = decodeExprs(e.nodes);
    const need = (i: number): SetExpr => {
      const expr = exprs[i];
      if (expr === undefined) throw new Error(`bad reference ${i}`);
      return expr;
    };
    const at = (i: number): SetExpr | undefined => (i === -1 ? undefined : need(i));
    const analysis = e.rules.map((r, i): PatternAnalysis | undefined | null => {
      if ((r === null) !== (rules[i] as CompiledRule).ignore) throw new Error('another rule set');
      if (r === null) return null;
      if (r === 0) return undefined;
      return { branches: r.branches.map((b) => ({ candidates: b.c.map(need), own: at(b.o) })), whole: at(r.w) };
    });
    kept.set(analysis, { strings: e.strings, costs: e.costs });
    return analysis;
  } catch {
    return undefined;
  }
}

/** The analysis of `rules`: loaded from `store` when it has it, else made (and kept there). */
export function loadAnalysis(rules: readonly CompiledRule[], store?: ScreenStore): RulesAnalysis {
  if (store === undefined) return analyseRules(rules);
  return keptOrMade(store, analysisKey(rules), (bytes) => decodeAnalysis(bytes, rules), () => analyseRules(rules), encodeAnalysis);
}

/** Every string a choice can price, and each one's `STATIC_COST`. */
export interface AnalysisStrings {
  readonly strings: readonly string[];
  readonly costs: readonly number[];
}

/** The strings stored with an analysis `decodeAnalysis` made. */
const kept = new WeakMap<RulesAnalysis, AnalysisStrings>();

/**
 * Every string a choice among the analysis' sets can price, lower-cased as prices are asked
 * for (a case-sensitive rule's strings are priced in lower case), with its `STATIC_COST`.
 */
export function analysisStrings(analysis: RulesAnalysis): AnalysisStrings {
  const stored = kept.get(analysis);
  if (stored !== undefined) return stored;
  const strings = new Set<string>();
  const seen = new Set<SetExpr>();
  for (const a of analysis) {
    if (a === null || a === undefined) continue;
    for (const b of a.branches) {
      for (const c of b.candidates) stringsOf(c, strings, seen);
      if (b.own !== undefined) stringsOf(b.own, strings, seen);
    }
    if (a.whole !== undefined) stringsOf(a.whole, strings, seen);
  }
  const lower = [...new Set([...strings].map((s) => s.toLowerCase()))];
  return { strings: lower, costs: lower.map(STATIC_COST) };
}
