import type { CompiledRule } from '../rules/rule';
import { buildAutomaton, type LiteralAutomaton } from '../scan/literal-automaton';
import { asciiLower } from '../scan/literal-sets';
import { requiredLiterals } from '../scan/required-literals';

/** What a screen is made of: derived from the rules alone, so it can be kept and loaded. */
export interface ScreenParts {
  readonly automaton: LiteralAutomaton;
  /** Per literal: the indexes (in the rules) of the rules that need it. */
  readonly rulesOf: ReadonlyArray<readonly number[]>;
  /** Rules with no provable literal. */
  readonly always: readonly number[];
}

/** The analysis behind a screen: every rule's required literals, in one automaton. */
export function screenParts(rules: readonly CompiledRule[]): ScreenParts {
  const index = new Map<string, number>();
  const rulesOf: number[][] = [];
  const always: number[] = [];
  rules.forEach((rule, r) => {
    const literals = requiredLiterals(rule.source, undefined, !rule.flags.includes('i'), rule.flags.includes('u'));
    if (literals === undefined) {
      always.push(r);
      return;
    }
    for (const literal of literals) {
      const key = asciiLower(literal);
      let at = index.get(key);
      if (at === undefined) {
        at = rulesOf.length;
        index.set(key, at);
        rulesOf.push([]);
      }
      rulesOf[at]?.push(r);
    }
  });
  return { automaton: buildAutomaton([...index.keys()], false, 'chars'), rulesOf, always };
}

/**
 * Which rules can match a text, in one pass: every rule's required literals (strings one of
 * which each of its matches contains) in one Aho-Corasick automaton, as Hyperscan and ripgrep
 * screen before running a regex. A rule none of whose literals occur cannot match and its
 * regex is not run; a rule with no provable literal is always run. ASCII case is folded, so a
 * case-sensitive rule's literal in another case only costs a regex run, never a miss (and a
 * caseless rule's literals hold no letter whose other cases lie beyond ASCII).
 *
 * Testing ~70 rules' regexes one by one cost 26 µs per 250-character record; the screen leaves
 * one to three of them to run.
 */
export class RuleScreen {
  readonly parts: ScreenParts;
  /** Per automaton state: 1 when some literal ends there. */
  readonly #accepting: Uint8Array;
  readonly size: number;

  /** `parts`: made by `screenParts` for these rules (by default, now). */
  constructor(rules: readonly CompiledRule[], parts: ScreenParts = screenParts(rules)) {
    this.parts = parts;
    this.#accepting = Uint8Array.from(parts.automaton.outputs, (o) => (o.length > 0 ? 1 : 0));
    this.size = rules.length;
  }

  /** Sets `out[r]` to 1 for every rule `r` that may match `text`, 0 for the others. */
  screen(text: string, out: Uint8Array): void {
    out.fill(0);
    for (const r of this.parts.always) out[r] = 1;
    const { classes, shift, next } = this.parts.automaton;
    const accepting = this.#accepting;
    let state = 0;
    // Over UTF-16 code units: one step a character, Korean text included.
    for (let i = 0; i < text.length; i++) {
      state = next[(state << shift) | (classes[text.charCodeAt(i)] as number)] as number;
      if (accepting[state] === 1) this.#mark(state, out);
    }
  }

  #mark(state: number, out: Uint8Array): void {
    const { automaton, rulesOf } = this.parts;
    for (const literal of automaton.outputs[state] ?? []) for (const r of rulesOf[literal] ?? []) out[r] = 1;
  }
}
