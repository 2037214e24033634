import type { ScreenStore } from '../classify/screen-snapshot';
import type { CompiledRule } from '../rules/rule';
import type { CandidateGate } from './candidate-gate';
import { gateLiterals, holdsRest, type GateLiteral } from './gate-literals';
import { buildAutomaton } from './literal-automaton';

const NL = 10;
/** `accept` values: a literal that needs no check ends here; check the ones that end here; ESC. */
const FREE = 1;
const CHECK = 2;
const ESCAPE = 3;

/**
 * The candidate gate: one pass over the bytes with an Aho-Corasick automaton (a DFA over byte
 * classes, ASCII case folded) of every reporting rule's required literals and the severity
 * marker's. A line with none of them cannot be an event and is skipped. A literal of a
 * case-sensitive rule (`ERROR`) is checked byte for byte where the folded automaton hits, so
 * "error-report" in a URL lets nothing through. ANSI colour sequences are stepped over without
 * a state change, so colour never hides a literal. After a hit the rest of the line is
 * skipped: one offset per line is all the scanner needs.
 *
 * Which literals: each rule has several sets that would do (`survey` or `failed|error|…` for
 * "survey … failed"); given a sample of the input, the gate takes, per rule, the set that
 * occurs least in it — the fewest lines let through on this input, not on a guess.
 */
export class LiteralGate implements CandidateGate {
  readonly #classes: Uint8Array;
  readonly #shift: number;
  readonly #next: Uint16Array | Int32Array;
  /** 0: no literal ends here; 1: one that needs no check; 2: check the literals ending here. */
  readonly #accept: Uint8Array;
  /** For states with accept 2: the indexes of the literals ending there. */
  readonly #ends: Map<number, number[]>;
  readonly #bytes: Buffer[];
  readonly literals: readonly GateLiteral[];

  private constructor(literals: readonly GateLiteral[]) {
    this.literals = literals;
    const dfa = buildDfa(literals);
    this.#classes = dfa.classes;
    this.#shift = dfa.shift;
    this.#next = dfa.next;
    this.#accept = dfa.accept;
    this.#ends = dfa.ends;
    this.#bytes = literals.map((l) => Buffer.from(l.text, 'utf8'));
  }

  /**
   * The gate for a rule set, with literals chosen on `sample` (a first chunk of the input)
   * when given; undefined when some reporting rule has no required literal.
   */
  /** `store`: where the rules' analysis is kept between processes (see `gateLiterals`). */
  static forRules(rules: readonly CompiledRule[], sample?: Buffer, store?: ScreenStore): LiteralGate | undefined {
    const literals = gateLiterals(rules, sample, store);
    return literals === undefined ? undefined : new LiteralGate(literals);
  }

  candidates(buf: Buffer, end: number): number[] {
    const classes = this.#classes;
    const shift = this.#shift;
    const next = this.#next;
    const accept = this.#accept;
    const out: number[] = [];
    let state = 0;
    for (let i = 0; i < end; i++) {
      const prev = state;
      state = next[(state << shift) | (classes[buf[i] as number] as number)] as number;
      const a = accept[state] as number;
      if (a === 0) continue;
      if (a === ESCAPE) {
        // Colour is not text: step over the sequence, in the state before it.
        i = skipAnsi(buf, i, end);
        state = prev;
        continue;
      }
      if (a === CHECK && !this.#confirmed(buf, i, state, end)) continue;
      out.push(i);
      const nl = buf.indexOf(NL, i);
      if (nl === -1 || nl >= end) break;
      i = nl;
      state = 0;
    }
    return out;
  }

  /** True when a literal ending at `i` (in this state) holds, case and the rest of its clause checked. */
  #confirmed(buf: Buffer, i: number, state: number, end: number): boolean {
    let line: string | undefined;
    let lower: string | undefined;
    for (const index of this.#ends.get(state) ?? []) {
      const lit = this.literals[index] as GateLiteral;
      const bytes = this.#bytes[index] as Buffer;
      if (lit.caseSensitive) {
        const from = i + 1 - bytes.length;
        if (from < 0 || buf.compare(bytes, 0, bytes.length, from, i + 1) !== 0) continue;
      }
      if (lit.free) return true;
      if (line === undefined) {
        const start = buf.lastIndexOf(NL, i) + 1;
        const nl = buf.indexOf(NL, i);
        line = buf.toString('utf8', start, nl === -1 || nl > end ? end : nl);
        lower = line.toLowerCase();
      }
      if (holdsRest(lit, line, lower as string)) return true;
    }
    return false;
  }
}

/** Index of the last byte of the ANSI sequence starting at `i` (ESC [ params final). */
function skipAnsi(buf: Buffer, i: number, end: number): number {
  if (buf[i + 1] !== 0x5b) return i;
  let j = i + 2;
  while (j < end) {
    const b = buf[j] as number;
    if (b >= 0x40 && b <= 0x7e) return j;
    j++;
  }
  return j;
}

/** The gate's automaton: per state, whether a free literal ends there, or which to check. */
function buildDfa(literals: readonly GateLiteral[]): { classes: Uint8Array; shift: number; next: Uint16Array | Int32Array; accept: Uint8Array; ends: Map<number, number[]> } {
  const { classes, shift, next, outputs, escapeState } = buildAutomaton(
    literals.map((l) => l.text),
    true,
  );
  const accept = new Uint8Array(outputs.length);
  accept[escapeState] = ESCAPE;
  const endsAt = new Map<number, number[]>();
  for (let s = 0; s < escapeState; s++) {
    const here = outputs[s] ?? [];
    if (here.length === 0) continue;
    if (here.some((i) => literals[i]?.caseSensitive !== true && literals[i]?.free === true)) {
      accept[s] = FREE;
    } else {
      accept[s] = CHECK;
      endsAt.set(s, [...here]);
    }
  }
  return { classes, shift, next, accept, ends: endsAt };
}
