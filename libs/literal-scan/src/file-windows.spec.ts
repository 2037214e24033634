import { execFileSync } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileWindows } from './file-windows';
import { loadLiteralScan, type LiteralScanBinding } from './literal-scan-binding';

const loaded = loadLiteralScan({});
const describeNative = 'binding' in loaded || existsSync('/usr/include/hs/hs.h') ? describe : describe.skip;

const PAGE = 4096;
const OPTIONS = { room: 2 * PAGE, first: 4 * PAGE, size: 8 * PAGE, buffers: 3 };

async function* empty(): AsyncGenerator<Buffer> {
  // no windows
}

async function collect(chunks: AsyncIterable<Buffer>, each?: (chunk: Buffer) => void): Promise<Buffer> {
  const copies: Buffer[] = [];
  for await (const chunk of chunks) {
    each?.(chunk);
    copies.push(Buffer.from(chunk));
  }
  return Buffer.concat(copies);
}

describeNative('fileWindows', () => {
  const binding = (loaded as { binding: LiteralScanBinding }).binding;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'file-windows-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // Lines that cross every window's edge, and a last window that ends mid-page.
  const text = Buffer.from(Array.from({ length: 3000 }, (_, i) => `2024-05-02 10:00:00,000 INFO line ${i}`).join('\n'));

  it('gives the file from its offset to its end, in windows of the asked sizes over buffers used in turn, with room before each', async () => {
    const file = join(dir, 'a.log');
    writeFileSync(file, text);
    const fd = openSync(file, 'r');
    try {
      const windows = fileWindows(binding, fd, OPTIONS);
      const sizes: number[] = [];
      const buffers = new Set<ArrayBufferLike>();
      const got = await collect(windows?.chunks ?? empty(), (chunk) => {
        sizes.push(chunk.length);
        buffers.add(chunk.buffer);
        expect(chunk.byteOffset).toBe(OPTIONS.room);
        // The room is the caller's: writing it leaves the file as it was.
        Buffer.from(chunk.buffer, chunk.byteOffset - OPTIONS.room, OPTIONS.room).fill(0x21);
      });
      expect(got.equals(text)).toBe(true);
      expect(sizes[0]).toBe(OPTIONS.first);
      expect(sizes.slice(1, -1).every((n) => n === OPTIONS.size)).toBe(true);
      expect(buffers.size).toBe(OPTIONS.buffers);
      expect(windows?.cut()).toBe(false);
      // The descriptor is left past what was read, as reading it would have.
      expect(binding.filePosition(fd)).toBe(text.length);
    } finally {
      closeSync(fd);
    }
  });

  it('starts at the descriptor\'s offset, reads a file that grows to its new end, and leaves pipes and odd offsets to read(2)', async () => {
    const file = join(dir, 'b.log');
    writeFileSync(file, text);
    const fd = openSync(file, 'r');
    try {
      binding.filePosition(fd, 2 * PAGE);
      const windows = fileWindows(binding, fd, OPTIONS);
      let grown = false;
      const got = await collect(windows?.chunks ?? empty(), () => {
        if (!grown) appendFileSync(file, '\nand one more line');
        grown = true;
      });
      expect(got.toString()).toBe(`${text.subarray(2 * PAGE).toString()}\nand one more line`);
      binding.filePosition(fd, 100);
      expect(fileWindows(binding, fd, OPTIONS)).toBeUndefined();
    } finally {
      closeSync(fd);
    }
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    const fifo = openSync(join(dir, 'fifo'), 'r+');
    try {
      expect(fileWindows(binding, fifo, OPTIONS)).toBeUndefined();
    } finally {
      closeSync(fifo);
    }
    expect(() => fileWindows(binding, 0, { ...OPTIONS, room: 100 })).toThrow(RangeError);
  });

  it('shows NULs past the end of a file cut shorter while mapped, and says so, instead of dying of SIGBUS', async () => {
    const file = join(dir, 'c.log');
    writeFileSync(file, text);
    const fd = openSync(file, 'r');
    const writer = openSync(file, 'r+');
    try {
      const windows = fileWindows(binding, fd, OPTIONS);
      let truncated = false;
      // Cut inside the first window, whose every byte is then touched (copied).
      const got = await collect(windows?.chunks ?? empty(), () => {
        if (!truncated) ftruncateSync(writer, PAGE);
        truncated = true;
      });
      expect(got.length).toBe(OPTIONS.first);
      expect(got.subarray(0, PAGE).equals(text.subarray(0, PAGE))).toBe(true);
      expect(got.subarray(PAGE).every((b) => b === 0)).toBe(true);
      expect(windows?.cut()).toBe(true);
      // Told once: the next reader starts afresh.
      expect(binding.windowsCut()).toBe(false);
    } finally {
      closeSync(writer);
      closeSync(fd);
    }
  });

  it('refuses what is not a region, and places and offsets that are not whole pages', () => {
    const file = join(dir, 'd.log');
    writeFileSync(file, text);
    const fd = openSync(file, 'r');
    try {
      const region = binding.fileRegion(4 * PAGE);
      expect(binding.mapWindow(region, PAGE, fd, 0, PAGE)).toBe(0);
      expect(region.subarray(PAGE, 2 * PAGE).equals(text.subarray(0, PAGE))).toBe(true);
      expect(() => binding.mapWindow(Buffer.alloc(4 * PAGE), 0, fd, 0, PAGE)).toThrow(expect.objectContaining({ code: 'LSC_ERR_ARGUMENT' }));
      expect(() => binding.mapWindow(region, 100, fd, 0, PAGE)).toThrow(expect.objectContaining({ code: 'LSC_ERR_ARGUMENT' }));
      expect(() => binding.mapWindow(region, 0, fd, 100, PAGE)).toThrow(expect.objectContaining({ code: 'LSC_ERR_ARGUMENT' }));
      expect(() => binding.mapWindow(region, 0, fd, 0, 5 * PAGE)).toThrow(expect.objectContaining({ code: 'LSC_ERR_ARGUMENT' }));
      expect(() => binding.fileRegion(100)).toThrow(expect.objectContaining({ code: 'LSC_ERR_ARGUMENT' }));
      // A descriptor that cannot be mapped: an errno, and the range is memory again.
      expect(binding.mapWindow(region, 0, -1, 0, PAGE)).toBeGreaterThan(0);
      region.fill(7, 0, PAGE);
      expect(region[0]).toBe(7);
    } finally {
      closeSync(fd);
    }
  });
});
