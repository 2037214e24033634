/*
 * The gate's analysis of a rule set (each rule's `PatternAnalysis`), kept between processes:
 * parsing four dozen patterns took `classify` 16 ms of its start, every run, for rules that
 * had not changed. What the analysis leaves open (which of a rule's sets is cheapest) is
 * chosen on each input's sample; only the parse is kept.
 */
import { hash64 } from '../fingerprint/hash';
import type { CompiledRule } from '../rules/rule';
import { keptOrMade, type ScreenStore } from '../classify/screen-snapshot';
import { analysePattern, type PatternAnalysis } from './required-literals';
import { ExprTable, decodeExprs, stringsOf, type ExprNode, type SetExpr } from './set-expr';

/** Per rule, in order: its analysis, undefined when beyond the analysis, null for an `ignore` rule (never gated). */
export type RulesAnalysis = ReadonlyArray<PatternAnalysis | undefined | null>;

const FORMAT = 1;

/** The key the analysis of `rules` is kept under: their patterns, flags and `ignore`, in order. */
export function analysisKey(rules: readonly CompiledRule[]): string {
  return `gate-analysis-v${FORMAT}-${hash64(JSON.stringify(rules.map((r) => [r.source, r.flags, r.ignore])))}`;
}

/** Each rule analysed. Pure. */
export function analyseRules(rules: readonly CompiledRule[]): RulesAnalysis {
  return rules.map((rule) => (rule.ignore ? null : analysePattern(rule.source, !rule.flags.includes('i'), rule.flags.includes('u'))));
}

interface Encoded {
  readonly format: number;
  readonly nodes: readonly ExprNode[];
  /** Per rule: null (ignored), 0 (beyond the analysis), or its branches and whole set as node indices (-1: none). */
  readonly rules: ReadonlyArray<null | 0 | { readonly branches: ReadonlyArray<{ readonly c: readonly number[]; readonly o: number }>; readonly w: number }>;
}

/** The analysis as bytes (JSON; shared parts of its expressions once). */
export function encodeAnalysis(analysis: RulesAnalysis): Uint8Array {
  const table = new ExprTable();
  const ref = (e: SetExpr | undefined): number => (e === undefined ? -1 : table.add(e));
  const rules = analysis.map((a) => (a === null ? null : a === undefined ? 0 : { branches: a.branches.map((b) => ({ c: b.candidates.map(ref), o: ref(b.own) })), w: ref(a.whole) }));
  const encoded: Encoded = { format: FORMAT, nodes: table.nodes, rules };
  return Buffer.from(JSON.stringify(encoded));
}

/** The analysis `encodeAnalysis` wrote for rules like `rules`; undefined when the bytes are not such. */
export function decodeAnalysis(bytes: Uint8Array, rules: readonly CompiledRule[]): RulesAnalysis | undefined {
  try {
    const e = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as Encoded;
    if (e.format !== FORMAT || e.rules.length !== rules.length) return undefined;
    const exprs = decodeExprs(e.nodes);
    const need = (i: number): SetExpr => {
      const expr = exprs[i];
      if (expr === undefined) throw new Error(`bad reference ${i}`);
      return expr;
    };
    const at = (i: number): SetExpr | undefined => (i === -1 ? undefined : need(i));
    return e.rules.map((r, i) => {
      if ((r === null) !== (rules[i] as CompiledRule).ignore) throw new Error('another rule set');
      if (r === null) return null;
      if (r === 0) return undefined;
      return { branches: r.branches.map((b) => ({ candidates: b.c.map(need), own: at(b.o) })), whole: at(r.w) };
    });
  } catch {
    return undefined;
  }
}

/** The analysis of `rules`: loaded from `store` when it has it, else made (and kept there). */
export function loadAnalysis(rules: readonly CompiledRule[], store?: ScreenStore): RulesAnalysis {
  if (store === undefined) return analyseRules(rules);
  return keptOrMade(store, analysisKey(rules), (bytes) => decodeAnalysis(bytes, rules), () => analyseRules(rules), encodeAnalysis);
}

/**
 * Every string a choice among the analysis' sets can price, lower-cased as prices are asked
 * for (a case-sensitive rule's strings are priced in lower case).
 */
export function analysisStrings(analysis: RulesAnalysis): string[] {
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
  return [...new Set([...strings].map((s) => s.toLowerCase()))];
}
