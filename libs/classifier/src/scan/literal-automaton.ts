import { asciiLower } from './literal-sets';

const ESC = 0x1b;

/**
 * An Aho-Corasick automaton of literals as a full DFA over byte classes, ASCII case folded:
 * `next[(state << shift) | classes[byte]]`. `outputs[state]` lists the literals (by index)
 * that end there, those reached through failure links included.
 */
export interface LiteralAutomaton<C extends Uint8Array | Uint16Array = Uint8Array | Uint16Array> {
  /** Per byte (or, built over `chars`, per UTF-16 code unit): its class. */
  readonly classes: C;
  readonly shift: number;
  readonly next: Uint16Array | Int32Array;
  readonly outputs: ReadonlyArray<readonly number[]>;
  /** With `escape`: the state ESC leads to from anywhere (the caller steps over colour). */
  readonly escapeState: number;
}

/**
 * Builds the automaton of `literals` (ASCII folded); `escape` gives ESC its own state. Over
 * `bytes` (UTF-8, for a gate reading a buffer) or `chars` (UTF-16 code units, for a screen
 * reading a string: a Korean character is one step, not three).
 */
export function buildAutomaton(literals: readonly string[], escape: boolean, units?: 'bytes'): LiteralAutomaton<Uint8Array>;
export function buildAutomaton(literals: readonly string[], escape: boolean, units: 'chars'): LiteralAutomaton;
export function buildAutomaton(literals: readonly string[], escape: boolean, units: 'bytes' | 'chars' = 'bytes'): LiteralAutomaton {
  const bytes = literals.map((l) => (units === 'bytes' ? Buffer.from(asciiLower(l), 'utf8') : codeUnits(asciiLower(l))));
  const size = units === 'bytes' ? 256 : 65_536;
  const distinct = new Set<number>();
  for (const b of bytes) for (const unit of b) distinct.add(unit);
  const classes = units === 'bytes' || distinct.size + 2 < 256 ? new Uint8Array(size) : new Uint16Array(size);
  // Class 1 is ESC (when asked for), whose transition leads to the escape state from anywhere.
  let used = 1;
  if (escape) classes[ESC] = used++;
  for (const b of bytes) for (const unit of b) if (classes[unit] === 0) classes[unit] = used++;
  for (let b = 0x41; b <= 0x5a; b++) classes[b] = classes[b + 32] as number;
  // Rows a power of two wide: the index is a shift and an or.
  let shift = 0;
  while (1 << shift < used) shift++;
  const width = 1 << shift;

  // The trie's edges, sparse: per state, (class, state) pairs. A table of the DFA's shape,
  // filled once and dropped, was 3.4 MB of fresh pages: 15 ms of page faults here.
  const kids: number[][] = [[]];
  const ends: number[][] = [[]];
  bytes.forEach((b, index) => {
    let state = 0;
    for (const byte of b) {
      const c = classes[byte] as number;
      const row = kids[state] as number[];
      let to = -1;
      for (let k = 0; k < row.length; k += 2) if (row[k] === c) to = row[k + 1] as number;
      if (to === -1) {
        to = kids.length;
        row.push(c, to);
        kids.push([]);
        ends.push([]);
      }
      state = to;
    }
    ends[state]?.push(index);
  });
  // The last state is the escape state (unused without `escape`).
  const escapeState = kids.length;
  const n = escapeState + 1;
  ends.push([]);
  const next = n < 65_536 ? new Uint16Array(n * width) : new Int32Array(n * width);
  const fail = new Int32Array(n);
  const outputs: number[][] = new Array<number[]>(n);
  const queue = new Int32Array(n);
  let tail = 1;
  for (let q = 0; q < tail; q++) {
    const s = queue[q] as number;
    const own = ends[s] ?? [];
    const inherited = s === 0 ? [] : (outputs[fail[s] as number] ?? []);
    outputs[s] = inherited.length === 0 ? own : own.length === 0 ? inherited : [...own, ...inherited];
    const row = s * width;
    const failRow = (fail[s] as number) * width;
    // Where the trie has no edge, a state goes where its failure state goes (the root: to itself).
    if (s !== 0) next.copyWithin(row, failRow, failRow + width);
    if (escape) next[row + 1] = escapeState;
    const edges = kids[s] ?? [];
    for (let k = 0; k < edges.length; k += 2) {
      const c = edges[k] as number;
      const to = edges[k + 1] as number;
      fail[to] = s === 0 ? 0 : (next[failRow + c] as number);
      next[row + c] = to;
      queue[tail++] = to;
    }
  }
  outputs[escapeState] = [];
  return { classes, shift, next, outputs, escapeState };
}

function codeUnits(text: string): Uint16Array {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return units;
}
