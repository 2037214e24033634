import type { CompiledRule } from '../rules/rule';
import type { CandidateGate } from './candidate-gate';
import { requiredClauses, STATIC_COST, type LiteralCost } from './required-literals';

// SafeWork's "[SEVERITY] type:" marker makes an event whatever the rules say (any case).
const MARKER_LITERALS = ['[critical]', '[high]', '[medium]', '[low]'];
const NL = 10;
const ESC = 0x1b;
/** Counting hundreds of literals in the sample costs time; this much tells them apart. */
const MAX_SAMPLE = 256 * 1024;
/** `accept` values: a literal that needs no check ends here; check the ones that end here; ESC. */
const FREE = 1;
const CHECK = 2;
const ESCAPE = 3;

/** One literal of the gate: its bytes, whether its case must match, and what else its line needs. */
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
  static forRules(rules: readonly CompiledRule[], sample?: Buffer): LiteralGate | undefined {
    const cost = sample === undefined ? STATIC_COST : sampledCost(sample.subarray(0, MAX_SAMPLE));
    const all = new Map<string, GateLiteral>();
    const add = (text: string, caseSensitive: boolean, also?: { any: readonly string[]; caseSensitive: boolean }): void => {
      // A literal without letters has no case to check.
      const exact = caseSensitive && /[A-Za-z]/.test(text);
      const key = `${exact ? 's' : 'i'}${exact ? text : text.toLowerCase()}`;
      let lit = all.get(key);
      if (lit === undefined) all.set(key, (lit = { text: exact ? text : text.toLowerCase(), caseSensitive: exact, also: [], free: false }));
      if (also === undefined) lit.free = true;
      else lit.also.push(also);
    };
    for (const text of MARKER_LITERALS) add(text, false);
    for (const rule of rules) {
      if (rule.ignore) continue;
      const caseSensitive = !rule.flags.includes('i');
      const clauses = requiredClauses(rule.source, cost, caseSensitive);
      if (clauses === undefined) return undefined;
      for (const clause of clauses) for (const text of clause.any) add(text, caseSensitive, clause.and === undefined ? undefined : { any: clause.and, caseSensitive });
    }
    return new LiteralGate([...all.values()]);
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
      for (const also of lit.also) {
        const hay = also.caseSensitive ? line : (lower as string);
        if (also.any.some((s) => hay.includes(s))) return true;
      }
    }
    return false;
  }
}

/** Occurrences in the sample (lines it would let through), with a small length term for ties. */
function sampledCost(sample: Buffer): LiteralCost {
  const text = sample.toString('utf8').toLowerCase();
  const memo = new Map<string, number>();
  return (literal) => {
    let n = memo.get(literal);
    if (n === undefined) {
      n = 0;
      for (let at = text.indexOf(literal); at !== -1 && n < 100_000; at = text.indexOf(literal, at + literal.length)) n++;
      memo.set(literal, n);
    }
    return n + STATIC_COST(literal) / 1000;
  };
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

/**
 * The Aho-Corasick automaton of the folded literals as a full DFA: bytes map to classes (the
 * bytes the literals use, and one class for all others), `next[state * width + class]`.
 */
function buildDfa(literals: readonly GateLiteral[]): { classes: Uint8Array; shift: number; next: Uint16Array | Int32Array; accept: Uint8Array; ends: Map<number, number[]> } {
  const bytes = literals.map((l) => Buffer.from(l.text.toLowerCase(), 'utf8'));
  const classes = new Uint8Array(256);
  // Class 1 is ESC, whose transition leads to the escape state from anywhere.
  let used = 2;
  classes[ESC] = 1;
  for (const b of bytes) for (const byte of b) if (classes[byte] === 0) classes[byte] = used++;
  for (let b = 0x41; b <= 0x5a; b++) classes[b] = classes[b + 32] as number;
  // Rows a power of two wide: the index is a shift and an or.
  let shift = 0;
  while (1 << shift < used) shift++;
  const width = 1 << shift;

  const goto: Array<Map<number, number>> = [new Map()];
  const ends: Array<number[]> = [[]];
  bytes.forEach((b, index) => {
    let state = 0;
    for (const byte of b) {
      const cls = classes[byte] as number;
      let to = goto[state]?.get(cls);
      if (to === undefined) {
        to = goto.length;
        goto.push(new Map());
        ends.push([]);
        goto[state]?.set(cls, to);
      }
      state = to;
    }
    ends[state]?.push(index);
  });
  // The last state is the escape state.
  const escape = goto.length;
  const n = escape + 1;
  goto.push(new Map());
  ends.push([]);
  const next = n < 65_536 ? new Uint16Array(n * width) : new Int32Array(n * width);
  const fail = new Int32Array(n);
  const out: number[][] = Array.from({ length: n }, () => []);
  const queue: number[] = [0];
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q] as number;
    out[s] = [...(ends[s] ?? []), ...(s === 0 ? [] : (out[fail[s] as number] ?? []))];
    if (s === escape) continue;
    for (let c = 0; c < width; c++) {
      if (c === 1) {
        next[s * width + c] = escape;
        continue;
      }
      const to = goto[s]?.get(c);
      if (to !== undefined) {
        next[s * width + c] = to;
        fail[to] = s === 0 ? 0 : (next[(fail[s] as number) * width + c] as number);
        queue.push(to);
      } else {
        next[s * width + c] = s === 0 ? 0 : (next[(fail[s] as number) * width + c] as number);
      }
    }
  }
  const accept = new Uint8Array(n);
  accept[escape] = ESCAPE;
  const endsAt = new Map<number, number[]>();
  for (let s = 0; s < escape; s++) {
    const here = out[s] ?? [];
    if (here.length === 0) continue;
    if (here.some((i) => literals[i]?.caseSensitive !== true && literals[i]?.free === true)) {
      accept[s] = FREE;
    } else {
      accept[s] = CHECK;
      endsAt.set(s, here);
    }
  }
  return { classes, shift, next, accept, ends: endsAt };
}
