import type { GateLiteral } from '@safework/classifier';

/** How the addon treats a literal's hits (native/literal_scan.h, KIND_*). */
export const LiteralKind = {
  /** Needs a string of one of its clauses on its line: the addon searches the line at a hit. */
  Confirm: 0,
  /** Needs nothing more. */
  Free: 1,
  /** Every hit reported, for the caller to confirm (the addon's kind without confirm tables). */
  Report: 2,
} as const;
export type LiteralKind = (typeof LiteralKind)[keyof typeof LiteralKind];

/** The clause sets the addon confirms literals with: per literal, the sets (by index) it needs. */
export interface ConfirmTables {
  readonly needs: ReadonlyArray<readonly number[]>;
  readonly sets: ReadonlyArray<{ readonly strings: readonly string[]; readonly caseless: boolean }>;
}

/**
 * A caseless string the addon can find in any case: it folds ASCII only, so it could miss a
 * string with another letter that has case ("é") in the other case.
 */
function foldsAsAscii(text: string): boolean {
  // By code unit, without an iterator: this runs for every clause string at start-up.
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) <= 0x7f) continue;
    const ch = text[i] as string;
    if (ch.toLowerCase() !== ch.toUpperCase() || (ch >= '\ud800' && ch <= '\udfff')) return false;
  }
  return true;
}

/** Each literal's kind, and the tables that confirm those of kind `Confirm`. */
export function confirmTables(literals: readonly GateLiteral[]): { kinds: LiteralKind[]; confirm: ConfirmTables } {
  const index = new Map<string, number>();
  const sets: Array<{ strings: readonly string[]; caseless: boolean }> = [];
  const needs: number[][] = [];
  // The literals of one clause share its `also` object: each is looked at once.
  const setOf = new Map<GateLiteral['also'][number], number>();
  const folds = new Map<GateLiteral['also'][number], boolean>();
  const foldable = (also: GateLiteral['also'][number]): boolean => {
    let ok = folds.get(also);
    if (ok === undefined) folds.set(also, (ok = also.caseSensitive || also.any.every(foldsAsAscii)));
    return ok;
  };
  const kinds = literals.map((lit): LiteralKind => {
    const mine: number[] = [];
    needs.push(mine);
    if (lit.free) return LiteralKind.Free;
    // Lets every hit through: the classifier decides. The rule analysis makes no such clause
    // (a caseless rule's letter with cases beyond ASCII is no literal); a caller's may hold one.
    if (!lit.also.every(foldable)) return LiteralKind.Free;
    for (const also of lit.also) {
      let at = setOf.get(also);
      if (at === undefined) {
        const key = `${also.caseSensitive ? 's' : 'i'}${[...also.any].sort().join('\u0000')}`;
        at = index.get(key);
        if (at === undefined) {
          at = sets.length;
          index.set(key, at);
          sets.push({ strings: [...also.any], caseless: !also.caseSensitive });
        }
        setOf.set(also, at);
      }
      mine.push(at);
    }
    return LiteralKind.Confirm;
  });
  return { kinds, confirm: { needs, sets } };
}
