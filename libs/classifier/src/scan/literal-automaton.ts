const ESC = 0x1b;

/**
 * An Aho-Corasick automaton of literals as a full DFA over byte classes, ASCII case folded:
 * `next[(state << shift) | classes[byte]]`. `outputs[state]` lists the literals (by index)
 * that end there, those reached through failure links included.
 */
export interface LiteralAutomaton {
  readonly classes: Uint8Array;
  readonly shift: number;
  readonly next: Uint16Array | Int32Array;
  readonly outputs: ReadonlyArray<readonly number[]>;
  /** With `escape`: the state ESC leads to from anywhere (the caller steps over colour). */
  readonly escapeState: number;
}

/** Builds the automaton of `literals` (UTF-8 bytes, ASCII folded); `escape` gives ESC its own state. */
export function buildAutomaton(literals: readonly string[], escape: boolean): LiteralAutomaton {
  const bytes = literals.map((l) => Buffer.from(l.toLowerCase(), 'utf8'));
  const classes = new Uint8Array(256);
  // Class 1 is ESC (when asked for), whose transition leads to the escape state from anywhere.
  let used = 1;
  if (escape) classes[ESC] = used++;
  for (const b of bytes) for (const byte of b) if (classes[byte] === 0) classes[byte] = used++;
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
