/**
 * What a gate found in a chunk in the background (`CandidateGate.prescan`); only the gate that
 * made it reads it.
 */
export interface Prescanned {
  /** Bytes of the chunk it covers. */
  readonly length: number;
}

/**
 * Port for a fast pre-filter over raw bytes: returns the byte offsets (ascending) of places
 * where a rule might match in `buf[0, end)`. One offset per line is enough. The classifier
 * still decides; the gate only lets the scanner skip lines that cannot be events.
 * `LiteralGate` implements it with one multi-literal pass.
 */
export interface CandidateGate {
  /**
   * `prescanned`: what `prescan` found in the chunk that starts at `at` in `buf`; the gate
   * then scans only what the chunk's start cut (the lines before its first whole one).
   */
  candidates(buf: Buffer, end: number, prescanned?: { readonly at: number; readonly result: Prescanned }): number[];
  /**
   * Optional: the start of every newline-terminated line of `buf[0, end)`, which the scanner
   * otherwise finds with one `indexOf` per line (0.1 s per million lines).
   */
  lineStarts?(buf: Buffer, end: number): ArrayLike<number>;
  /**
   * Optional: starts scanning a chunk on another thread, so that a reader can have the next
   * chunks scanned while the scanner classifies this one. The chunk must be left alone until
   * the promise settles; at most `prescansAhead` at a time, and a result is read before the
   * scan `prescansAhead` + 1 after it starts.
   */
  prescan?(chunk: Buffer): Promise<Prescanned>;
  /** How many `prescan`s may run at once (1 when absent). */
  readonly prescansAhead?: number;
}
