import { writeSync } from 'node:fs';

/**
 * Writes to a file descriptor (stdout) with `writeSync`, without `process.stdout`: the stream
 * costs `classify` 6 ms of its start to load (`node:stream`), more than the run writes. On a
 * non-blocking descriptor (EAGAIN) the rest, and all that follows, goes through `stream()`,
 * which waits for the reader; a reader that has gone (EPIPE: `classify < big.log | head`) ends
 * the process quietly, as it would have with the stream.
 */
export function stdoutWriter(fd = 1, stream: () => NodeJS.WritableStream = () => process.stdout): (text: string) => void {
  let out: NodeJS.WritableStream | undefined;
  const handOver = (): NodeJS.WritableStream => {
    if (out === undefined) {
      out = stream();
      out.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(0);
        throw error;
      });
    }
    return out;
  };
  return (text) => {
    if (out !== undefined) {
      out.write(text);
      return;
    }
    const bytes = Buffer.from(text);
    let at = 0;
    try {
      while (at < bytes.length) at += writeSync(fd, bytes, at);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(0);
      if (code !== 'EAGAIN') throw error;
      handOver().write(bytes.subarray(at));
    }
  };
}
