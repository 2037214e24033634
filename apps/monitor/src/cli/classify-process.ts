import { createReadStream, read } from 'node:fs';
import { classifyCommand } from './classify-command';

/** How much of stdin one read takes. */
const CHUNK = 4 << 20;
/**
 * Bytes kept free before each chunk, where the scanner puts the lines it carries over from the
 * last one (`LogScanner.write`'s `room`): its whole-line tail is at most 256 KiB, a cut line 1 MiB.
 */
export const CHUNK_ROOM = (1 << 20) + (256 << 10) + 4096;

function readInto(fd: number, buf: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buf, CHUNK_ROOM, CHUNK, null, (error, n) => (error ? reject(error) : resolve(n)));
  });
}

/**
 * Stdin in chunks, each `CHUNK_ROOM` bytes into one of two buffers used in turn: while the
 * caller works on one chunk, the next is read into the other on libuv's thread pool, so reading
 * (a fifth of the time on 331 MB) overlaps the scan. A chunk is valid until the next one is
 * asked for. A stream allocates a fresh buffer per chunk, which cost 0.3 s per 86 MB. A
 * non-blocking stdin (EAGAIN) is read as a stream instead.
 */
export async function* stdinChunks(fd = 0): AsyncGenerator<Buffer> {
  const bufs = [Buffer.allocUnsafeSlow(CHUNK_ROOM + CHUNK), Buffer.allocUnsafeSlow(CHUNK_ROOM + CHUNK)] as const;
  let turn = 0;
  let next = readInto(fd, bufs[0]);
  for (;;) {
    let n: number;
    try {
      n = await next;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        for await (const chunk of createReadStream('', { fd, highWaterMark: 1 << 20 })) yield chunk as Buffer;
        return;
      }
      if (code === 'EOF') return;
      throw error;
    }
    if (n === 0) return;
    const buf = bufs[turn] as Buffer;
    turn = 1 - turn;
    next = readInto(fd, bufs[turn] as Buffer);
    // A failed read-ahead is reported when its chunk is asked for, not as an unhandled rejection.
    next.catch(() => undefined);
    yield buf.subarray(CHUNK_ROOM, CHUNK_ROOM + n);
  }
}

/** `classify` on this process's stdin and stdout; resolves to the exit code. */
export function classifyProcess(argv: readonly string[]): Promise<number> {
  // `classify < big.log | head`: a reader that has seen enough is no error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return classifyCommand(argv, {
    stdin: stdinChunks(),
    room: CHUNK_ROOM,
    write: (text) => process.stdout.write(text),
    error: (text) => process.stderr.write(text),
  });
}
