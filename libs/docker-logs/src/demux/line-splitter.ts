/** Longest line kept whole; Docker splits at 16 KiB and this joins those parts back. */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Splits one stream's bytes into lines (without the newline). Frames are not lines: a line may
 * span frames, and a frame may hold many lines. A line over `maxBytes` is cut and counted.
 *
 * With `timestamps`, Docker prefixes every part of a line it split at 16 KiB with its own
 * timestamp; the parts after the first are stripped so the line comes back whole.
 */
export class LineSplitter {
  readonly #maxBytes: number;
  readonly #timestamps: boolean;
  #stripping = false;
  #parts: Buffer[] = [];
  #partBytes = 0;
  #skipping = false;
  /** Lines cut because they exceeded the cap. */
  oversized = 0;

  constructor(options: { maxBytes?: number; timestamps?: boolean } = {}) {
    this.#maxBytes = options.maxBytes ?? MAX_LINE_BYTES;
    this.#timestamps = options.timestamps ?? false;
  }

  /** Feeds bytes (`frameStart` when they open a frame); returns complete lines. */
  push(chunk: Buffer, frameStart = false): Buffer[] {
    const out: Buffer[] = [];
    let pos = 0;
    if (this.#timestamps && frameStart && (this.#partBytes > 0 || this.#skipping)) this.#stripping = true;
    if (this.#stripping) {
      const space = chunk.indexOf(32);
      if (space === -1) return out;
      this.#stripping = false;
      pos = space + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(10, pos);
      if (nl === -1) break;
      if (this.#skipping) this.#skipping = false;
      else out.push(this.#take(chunk.subarray(pos, nl)));
      pos = nl + 1;
    }
    if (pos < chunk.length && !this.#skipping) {
      // Copy: the caller may reuse its buffer.
      this.#parts.push(Buffer.from(chunk.subarray(pos)));
      this.#partBytes += chunk.length - pos;
      if (this.#partBytes > this.#maxBytes) {
        out.push(this.#take(Buffer.alloc(0)));
        this.#skipping = true;
      }
    }
    return out;
  }

  /** The unterminated last line, if any (stream ended). */
  end(): Buffer[] {
    if (this.#skipping || this.#partBytes === 0) {
      this.#skipping = false;
      return [];
    }
    return [this.#take(Buffer.alloc(0))];
  }

  #take(tail: Buffer): Buffer {
    let line = tail;
    if (this.#parts.length > 0) {
      this.#parts.push(tail);
      line = Buffer.concat(this.#parts, this.#partBytes + tail.length);
      this.#parts = [];
      this.#partBytes = 0;
    }
    // The cap holds however the line arrived (found by the fuzz suite: a line completed by a
    // large chunk came back whole).
    if (line.length > this.#maxBytes) {
      this.oversized++;
      return line.subarray(0, this.#maxBytes);
    }
    return line;
  }
}
