/**
 * Port for a fast pre-filter over raw bytes: returns the byte offsets (ascending) of places
 * where a rule might match in `buf[0, end)`. One offset per line is enough. The classifier
 * still decides; the gate only lets the scanner skip lines that cannot be events.
 * `LiteralGate` implements it with one multi-literal pass.
 */
export interface CandidateGate {
  candidates(buf: Buffer, end: number): number[];
  /**
   * Optional: the start of every newline-terminated line of `buf[0, end)`, which the scanner
   * otherwise finds with one `indexOf` per line (0.1 s per million lines).
   */
  lineStarts?(buf: Buffer, end: number): ArrayLike<number>;
}
