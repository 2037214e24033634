import { createReadStream, fstatSync, read, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GATE_SAMPLE_BYTES } from '@safework/classifier';
import { defaultCacheDir, fileWindows, loadLiteralScan } from '@safework/literal-scan';
import { classifyCommand } from './classify-command';
import { codeIdentity, fileScreenStore } from './screen-store';
import { stdoutWriter } from './stdout-writer';

/** How much of stdin one read takes. */
const CHUNK = 4 << 20;
/**
 * Bytes kept free before each chunk, where the scanner puts the lines it carries over from the
 * last one (`LogScanner.write`'s `room`): its whole-line tail is at most 256 KiB, a cut line 1 MiB.
 */
export const CHUNK_ROOM = (1 << 20) + (256 << 10) + 4096;

/**
 * A regular file's first chunk: smaller, since it is classified on its own, with no scan of the
 * next chunks in the background yet (at least the gate's sample, in case that comes from it).
 */
const FIRST_CHUNK = 1 << 20;

function readInto(fd: number, buf: Buffer, length = CHUNK): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buf, CHUNK_ROOM, length, null, (error, n) => (error ? reject(error) : resolve(n)));
  });
}

/** How many of stdin's latest chunks stay as they are: the one classified and two scanned. */
export const CHUNKS_KEPT = 3;

/**
 * Stdin in chunks, each `CHUNK_ROOM` bytes into one of four buffers used in turn: while the
 * caller classifies one chunk and the gate scans the next two, the one after is read on libuv's
 * thread pool, so reading (a fifth of the time on 331 MB) overlaps the rest. A chunk is valid
 * until `CHUNKS_KEPT` more are asked for. A stream allocates a fresh buffer per chunk, which
 * cost 0.3 s per 86 MB. A non-blocking stdin (EAGAIN) is read as a stream instead.
 *
 * A regular file's first chunk is read from the call on, while the caller sets up (4 ms of a
 * run over 86 MB spent waiting for it). Anything else is first read when the first chunk is
 * asked for: a read pending on a terminal would keep the process alive after `--help`.
 */
export function stdinChunks(fd = 0): AsyncIterable<Buffer> {
  const bufs = Array.from({ length: CHUNKS_KEPT + 1 }, () => Buffer.allocUnsafeSlow(CHUNK_ROOM + CHUNK));
  let first = isRegularFile(fd) ? readInto(fd, bufs[0] as Buffer, FIRST_CHUNK) : undefined;
  // Its failure is reported when the first chunk is asked for, not as an unhandled rejection.
  first?.catch(() => undefined);
  return (async function* (): AsyncGenerator<Buffer> {
    let turn = 0;
    let next = first ?? readInto(fd, bufs[0] as Buffer);
    first = undefined;
    for (;;) {
      let n: number;
      try {
        n = await next;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          // Each piece copied into the buffers in turn: the same room before it and the same
          // lifetime as a chunk read here.
          for await (const piece of createReadStream('', { fd, highWaterMark: CHUNK })) {
            const buf = bufs[turn] as Buffer;
            turn = (turn + 1) % bufs.length;
            yield buf.subarray(CHUNK_ROOM, CHUNK_ROOM + (piece as Buffer).copy(buf, CHUNK_ROOM));
          }
          return;
        }
        if (code === 'EOF') return;
        throw error;
      }
      if (n === 0) return;
      const buf = bufs[turn] as Buffer;
      turn = (turn + 1) % bufs.length;
      next = readInto(fd, bufs[turn] as Buffer);
      // A failed read-ahead is reported when its chunk is asked for, not as an unhandled rejection.
      next.catch(() => undefined);
      yield buf.subarray(CHUNK_ROOM, CHUNK_ROOM + n);
    }
  })();
}

function isRegularFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/** Pieces a spread sample is made of. */
const SAMPLE_PIECES = 4;

/**
 * The gate's sample from a regular file: `GATE_SAMPLE_BYTES` in pieces from four places spread
 * over it, read where they lie (the file's position does not move). A log's head is seldom
 * like the rest of it (a service starting, a banner, a quiet night before an outage), and the
 * gate lets through the lines its literals are on: literals rare in the head but common later
 * made it slower than no gate. Undefined for a pipe, or a file small enough that its head is
 * most of it.
 */
export function spreadSample(fd = 0): Buffer | undefined {
  let size: number;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return undefined;
    size = st.size;
  } catch {
    return undefined;
  }
  if (size < 4 * GATE_SAMPLE_BYTES) return undefined;
  const piece = Math.floor(GATE_SAMPLE_BYTES / SAMPLE_PIECES);
  const out = Buffer.allocUnsafe(piece * SAMPLE_PIECES);
  let filled = 0;
  try {
    for (let i = 0; i < SAMPLE_PIECES; i++) {
      // Whole lines only: a piece starts after its first newline (but the file's first) and
      // ends with its last.
      const at = Math.floor((size / SAMPLE_PIECES) * i);
      const n = readSync(fd, out, filled, piece, at);
      let from = filled;
      if (i > 0) {
        const nl = out.indexOf(10, filled);
        if (nl === -1 || nl >= filled + n) continue;
        from = nl + 1;
      }
      const to = out.lastIndexOf(10, filled + n - 1) + 1;
      if (to <= from) continue;
      out.copy(out, filled, from, to);
      filled += to - from;
    }
  } catch {
    return undefined;
  }
  return out.subarray(0, filled);
}

/** `classify` on this process's stdin and stdout; resolves to the exit code. */
export async function classifyProcess(argv: readonly string[]): Promise<number> {
  // Beside the gate's compiled sets: ~/.cache/safework-monitor/rule-screen.
  const screens = join(dirname(defaultCacheDir()), 'rule-screen');
  // A regular file is mapped a window at a time when the addon is there (file-windows.ts), in
  // the same chunks and buffers as it would be read.
  const load = loadLiteralScan();
  const windows = 'binding' in load ? fileWindows(load.binding, 0, { room: CHUNK_ROOM, first: FIRST_CHUNK, size: CHUNK, buffers: CHUNKS_KEPT + 1 }) : undefined;
  const code = await classifyCommand(argv, {
    stdin: windows?.chunks ?? stdinChunks(),
    screenStore: fileScreenStore(screens, codeIdentity()),
    literalScan: load,
    sample: () => spreadSample(0),
    room: CHUNK_ROOM,
    chunksKept: CHUNKS_KEPT,
    write: stdoutWriter(),
    error: (text) => process.stderr.write(text),
  });
  if (windows?.cut() === true) process.stderr.write('classify: the input file shrank while it was read (rotated by copy and truncate?); lines past its new end were not read\n');
  return code;
}
