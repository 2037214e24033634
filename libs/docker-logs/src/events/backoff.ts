/** Delay before reconnect attempt `failures` (0-based): 250 ms doubling, capped (≤ 5 s by default). */
export function backoffDelay(failures: number, maxMs: number): number {
  return Math.min(maxMs, 250 * 2 ** Math.min(failures, 10));
}
