import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RotatingFileOptions {
  /** Rotate when the file would grow past this; default 10 MB (the seed's max-size). */
  readonly maxBytes?: number;
  /** Rotated files kept (`.1` newest … `.N`); default 3 (the seed's max-file). */
  readonly keep?: number;
  /** File mode on creation; default 0640. */
  readonly mode?: number;
}

/** Largest encoding buffer kept between writes; a longer text gets one of its own. */
const MAX_SCRATCH = 1024 * 1024;

/**
 * An append-only log file with size-bounded rotation, in the spirit of Docker's json-file
 * `max-size`/`max-file`. Synchronous writes: a line is on disk (in the page cache) when
 * `write` returns, so a crash right after loses nothing that was written.
 */
export class RotatingFile {
  readonly #path: string;
  readonly #maxBytes: number;
  readonly #keep: number;
  readonly #mode: number;
  #fd: number;
  #size: number;
  #closed = false;
  /** Where text is encoded before it is written; grows to the largest piece (within MAX_SCRATCH). */
  #scratch = Buffer.allocUnsafeSlow(4096);

  constructor(path: string, options: RotatingFileOptions = {}) {
    this.#path = path;
    this.#maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.#keep = options.keep ?? 3;
    this.#mode = options.mode ?? 0o640;
    mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
    this.#fd = openSync(path, 'a', this.#mode);
    this.#size = fstatSync(this.#fd).size;
  }

  /** Appends `text`; after `close` (a late log line during shutdown) it is dropped. */
  write(text: string): void {
    if (this.#closed) return;
    // Encoded once (measuring the string and then writing it would encode it twice), into a
    // buffer kept for the purpose: a flood writes its errors log in 64 KiB pieces, and a fresh
    // buffer for each was ~4 % of the monitor's profile.
    const room = text.length * 3;
    let bytes: Buffer;
    if (room <= MAX_SCRATCH) {
      if (this.#scratch.length < room) this.#scratch = Buffer.allocUnsafeSlow(Math.max(room, 2 * this.#scratch.length));
      bytes = this.#scratch.subarray(0, this.#scratch.write(text, 0, 'utf8'));
    } else {
      bytes = Buffer.from(text);
    }
    if (this.#size > 0 && this.#size + bytes.length > this.#maxBytes) this.#rotate();
    writeSync(this.#fd, bytes);
    this.#size += bytes.length;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
  }

  #rotate(): void {
    closeSync(this.#fd);
    const oldest = `${this.#path}.${this.#keep}`;
    if (existsSync(oldest)) rmSync(oldest);
    for (let i = this.#keep - 1; i >= 1; i--) {
      if (existsSync(`${this.#path}.${i}`)) renameSync(`${this.#path}.${i}`, `${this.#path}.${i + 1}`);
    }
    renameSync(this.#path, `${this.#path}.1`);
    this.#fd = openSync(this.#path, 'a', this.#mode);
    this.#size = 0;
  }
}
