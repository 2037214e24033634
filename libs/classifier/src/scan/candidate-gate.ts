/**
 * Port for a fast pre-filter over raw bytes: returns the byte offsets (ascending) of places
 * where a rule might match in `buf[0, end)`. One offset per line is enough. The classifier
 * still decides; the gate only lets the scanner skip lines that cannot be events.
 * `LiteralGate` implements it with one multi-literal pass.
 */
export interface CandidateGate {
  candidates(buf: Buffer, end: number): number[];
}
