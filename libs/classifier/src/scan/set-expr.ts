/*
 * What a pattern proves required, before costs choose: a set of strings, the cheapest of
 * several sets, or the union of several. The parser builds these without knowing what a
 * literal costs, so its analysis of a rule set can be kept between processes; the input's
 * sample then only prices the literals and evaluates the choices (`evaluate`).
 */
import type { SetRanker } from './literal-sets';

/** A set (an array), the cheapest of `best` (the first of equal ones), or the union of `union`. */
export type SetExpr = readonly string[] | { readonly best: readonly SetExpr[] } | { readonly union: readonly SetExpr[] };

/** True for a set that requires something: not empty and without the empty string. */
export function validSet(set: SetExpr | undefined): boolean {
  if (set === undefined) return false;
  if (!isSet(set)) return true; // built from valid parts only
  if (set.length === 0) return false;
  for (let i = 0; i < set.length; i++) if ((set[i] as string).length === 0) return false;
  return true;
}

function isSet(expr: SetExpr): expr is readonly string[] {
  return Array.isArray(expr);
}

/**
 * The cheapest of `sets`, to be chosen once costs are known. A set that requires nothing
 * costs Infinity and is never chosen, so it is left out; undefined when none is left.
 */
export function bestOf(...sets: Array<SetExpr | undefined>): SetExpr | undefined {
  const valid: SetExpr[] = [];
  for (let i = 0; i < sets.length; i++) {
    const s = sets[i];
    if (s !== undefined && validSet(s)) valid.push(s);
  }
  if (valid.length <= 1) return valid[0];
  return { best: valid };
}

/** Every string of each of `parts` (all valid), in order, each once. */
export function unionOf(parts: readonly SetExpr[]): SetExpr {
  if (parts.every(isSet)) return [...new Set((parts as ReadonlyArray<readonly string[]>).flat())];
  return { union: parts };
}

/** The set `expr` comes to at `rank`'s costs; `memo` spares evaluating a shared part twice. */
export function evaluate(expr: SetExpr, rank: SetRanker, memo = new Map<SetExpr, readonly string[]>()): readonly string[] {
  if (isSet(expr)) return expr;
  let set = memo.get(expr);
  if (set === undefined) {
    if ('best' in expr) {
      // Every part is valid (see bestOf): one of them is chosen.
      set = rank.best(...expr.best.map((part) => evaluate(part, rank, memo))) as readonly string[];
    } else {
      set = [...new Set(expr.union.flatMap((part) => evaluate(part, rank, memo)))];
    }
    memo.set(expr, set);
  }
  return set;
}

/** Every string of every set in `expr`, into `into` (`seen`: parts already walked). */
export function stringsOf(expr: SetExpr, into: Set<string>, seen = new Set<SetExpr>()): void {
  if (seen.has(expr)) return;
  seen.add(expr);
  if (isSet(expr)) for (const s of expr) into.add(s);
  else for (const part of 'best' in expr ? expr.best : expr.union) stringsOf(part, into, seen);
}

/** A node of an encoded expression: a set, or the indices of its parts. */
export type ExprNode = readonly string[] | { readonly b: readonly number[] } | { readonly u: readonly number[] };

/** Expressions as a table of nodes, shared parts once, parts before the nodes that use them. */
export class ExprTable {
  readonly nodes: ExprNode[] = [];
  readonly #index = new Map<SetExpr, number>();

  /** The index of `expr`'s node, added with its parts when new. */
  add(expr: SetExpr): number {
    let at = this.#index.get(expr);
    if (at !== undefined) return at;
    const node: ExprNode = isSet(expr) ? expr : 'best' in expr ? { b: expr.best.map((e) => this.add(e)) } : { u: expr.union.map((e) => this.add(e)) };
    at = this.nodes.length;
    this.nodes.push(node);
    this.#index.set(expr, at);
    return at;
  }
}

/** The expressions of the nodes an `ExprTable` made; throws on nodes that are not such. */
export function decodeExprs(nodes: readonly ExprNode[]): SetExpr[] {
  const out: SetExpr[] = [];
  const part = (i: number): SetExpr => {
    // Parts come before the nodes that use them.
    if (!Number.isInteger(i) || i < 0 || i >= out.length) throw new Error(`bad part ${i}`);
    return out[i] as SetExpr;
  };
  for (const node of nodes) {
    if (Array.isArray(node)) {
      // Every set the analysis keeps requires something (see bestOf, validSet).
      if (!node.every((s) => typeof s === 'string') || !validSet(node)) throw new Error('bad set');
      out.push(node);
    } else if ('b' in node && Array.isArray(node.b) && node.b.length >= 2) out.push({ best: node.b.map(part) });
    else if ('u' in node && Array.isArray(node.u) && node.u.length >= 1) out.push({ union: node.u.map(part) });
    else throw new Error('bad node');
  }
  return out;
}
