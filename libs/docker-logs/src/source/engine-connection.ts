/** Delay before reconnect attempt `failures` (0-based): 250 ms doubling, capped (≤ 5 s by default). */
export function backoffDelay(failures: number, maxMs: number): number {
  return Math.min(maxMs, 250 * 2 ** Math.min(failures, 10));
}

/** Splits the `/events` stream (one JSON document per line, chunked anywhere) into lines. */
export class EventLines {
  #buffer = '';

  push(chunk: Buffer): string[] {
    this.#buffer += chunk.toString('utf8');
    const parts = this.#buffer.split('\n');
    this.#buffer = parts.pop() ?? '';
    return parts.filter((line) => line.trim() !== '');
  }
}
