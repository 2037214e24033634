import { fstatSync } from 'node:fs';
import type { LiteralScanBinding } from './literal-scan-binding';

const PAGE = 4096;

/** How a file is read in windows: the bytes kept free before each, and the windows' sizes. */
export interface FileWindowsOptions {
  /** Bytes before each window, in its buffer, that are the caller's to write (whole pages). */
  readonly room: number;
  /** Bytes of the first window (whole pages): less than the others, to start sooner. */
  readonly first: number;
  /** Bytes of every other window (whole pages). */
  readonly size: number;
  /** How many windows' buffers are used in turn (a window is valid until that many more are asked for, less one). */
  readonly buffers: number;
}

/**
 * A regular file's bytes from the descriptor's offset to its end, as the windows `mapWindow`
 * maps in turn into a few buffers: no copy of the file is made (read(2) copied every byte: 19 ms
 * of kernel time per 86 MB, which `classify` waited 15–25 ms a run for), and the memory in use is the buffers' whatever the
 * file's size. A file that grows is read to its new end, as read(2) would; one cut shorter while
 * mapped shows NULs past its new end and is reported (`cut`). At the end the descriptor's
 * offset is moved past what was read, as reading would have. Undefined when the descriptor is
 * not a regular file at a page-aligned offset: the caller reads it then.
 */
export function fileWindows(binding: LiteralScanBinding, fd: number, options: FileWindowsOptions): { chunks: AsyncIterable<Buffer>; cut: () => boolean } | undefined {
  const { room, first, size, buffers } = options;
  if ([room, first, size].some((n) => n <= 0 || n % PAGE !== 0) || buffers < 1) throw new RangeError('fileWindows: room and window sizes must be whole pages');
  let start: number;
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    start = binding.filePosition(fd);
  } catch {
    return undefined;
  }
  if (start < 0 || start % PAGE !== 0) return undefined;
  const regions: Buffer[] = [];
  let cut = false;
  const chunks = (async function* (): AsyncGenerator<Buffer> {
    let offset = start;
    let turn = 0;
    // The file's size is asked for again only when the next window would reach past it.
    let end = -1;
    try {
      for (let n = 0; ; n++) {
        const want = n === 0 ? first : size;
        if (end < offset + want) end = fstatSync(fd).size;
        const length = Math.min(want, end - offset);
        if (length <= 0) return;
        if (regions.length < buffers) regions.push(binding.fileRegion(room + size));
        const region = regions[turn] as Buffer;
        turn = (turn + 1) % buffers;
        const err = binding.mapWindow(region, room, fd, offset, length);
        if (err !== 0) throw Object.assign(new Error(`could not map the input at byte ${offset} (errno ${err})`), { code: 'LSC_ERR_MAP', errno: err });
        offset += length;
        yield region.subarray(room, room + length);
        if (binding.windowsCut()) {
          cut = true;
          return;
        }
      }
    } finally {
      binding.filePosition(fd, offset);
    }
  })();
  // A window may be found cut while it is scanned, after the last one was handed out.
  return { chunks, cut: () => (cut ||= binding.windowsCut()) };
}
