import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHUNK_ROOM, CHUNKS_KEPT, stdinChunks } from './classify-process';

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
