import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GATE_SAMPLE_BYTES } from '@safework/classifier';
import { CHUNK_ROOM, CHUNKS_KEPT, spreadSample, stdinChunks } from './classify-process';

describe('stdinChunks', () => {
  it('reads a file through to its end in chunks of CHUNKS_KEPT + 1 buffers used in turn, with room before each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chunks-'));
    const file = join(dir, 'big.log');
    const text = Buffer.from('2024-05-02 10:00:00,000 ERROR: x\n'.repeat(600_000)); // ~20 MB: five chunks
    writeFileSync(file, text);
    const fd = openSync(file, 'r');
    try {
      const copies: Buffer[] = [];
      const seen = new Set<ArrayBufferLike>();
      for await (const chunk of stdinChunks(fd)) {
        copies.push(Buffer.from(chunk));
        seen.add(chunk.buffer);
        expect(chunk.byteOffset).toBeGreaterThanOrEqual(CHUNK_ROOM);
      }
      expect(copies.length).toBeGreaterThan(1);
      expect(seen.size).toBe(CHUNKS_KEPT + 1);
      expect(Buffer.concat(copies).equals(text)).toBe(true);
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('stdinChunks on a pipe', () => {
  it('reads nothing until the first chunk is asked for (a read pending on a terminal would outlive --help)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chunks-'));
    const fifo = join(dir, 'in');
    execFileSync('mkfifo', [fifo]);
    // Both ends at once (opening does not wait for a writer): a blocking one as stdin, and
    // one the test writes and checks through without waiting.
    const fd = openSync(fifo, constants.O_RDWR);
    const check = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      stdinChunks(fd);
      await new Promise((resolve) => setTimeout(resolve, 20));
      writeSync(check, 'still here\n');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const buf = Buffer.alloc(64);
      expect(buf.toString('utf8', 0, readSync(check, buf, 0, 64, null))).toBe('still here\n');
    } finally {
      closeSync(check);
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('spreadSample', () => {
  it('takes the gate sample from four places over a file, each piece from a line start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sample-'));
    const file = join(dir, 'big.log');
    // Four quarters, each its own kind of line: a sample of the head alone holds only "quarter 0".
    const quarter = (q: number): string => `2024-05-02 10:00:00,000 INFO: quarter ${q} line\n`.repeat(20_000);
    writeFileSync(file, [0, 1, 2, 3].map(quarter).join(''));
    const fd = openSync(file, 'r');
    try {
      const sample = spreadSample(fd) as Buffer;
      // less a cut line at each end of each piece
      expect(sample.length).toBeGreaterThan(GATE_SAMPLE_BYTES - 4 * 2 * 50);
      expect(sample.length).toBeLessThanOrEqual(GATE_SAMPLE_BYTES);
      const text = sample.toString();
      for (const q of [0, 1, 2, 3]) expect(text).toContain(`quarter ${q} line`);
      // whole lines only: each piece begins at a line's start and ends with a newline
      expect(text.endsWith('\n')).toBe(true);
      expect(text.split('\n').slice(0, -1).every((line) => /^2024-05-02 10:00:00,000 INFO: quarter \d line$/.test(line))).toBe(true);
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves a small file and anything that is no file to the head', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sample-'));
    const file = join(dir, 'small.log');
    writeFileSync(file, 'a line\n'.repeat(1000));
    const fd = openSync(file, 'r');
    try {
      expect(spreadSample(fd)).toBeUndefined();
      expect(spreadSample(-1)).toBeUndefined();
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
