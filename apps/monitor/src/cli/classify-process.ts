import { createReadStream, readSync } from 'node:fs';
import { classifyCommand } from './classify-command';

/** How much of stdin one read takes. */
const CHUNK = 4 << 20;

/**
 * Stdin in chunks of one reused buffer, read synchronously: a stream allocates a fresh buffer
 * per chunk and hops through the event loop for each, which cost 0.3 s per 86 MB — more than
 * classifying them. Each chunk is valid until the next is asked for. A non-blocking stdin
 * (EAGAIN) is read as a stream instead.
 */
export async function* stdinChunks(fd = 0): AsyncGenerator<Buffer> {
  const buf = Buffer.allocUnsafeSlow(CHUNK);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
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
    yield buf.subarray(0, n);
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
    write: (text) => process.stdout.write(text),
    error: (text) => process.stderr.write(text),
  });
}
