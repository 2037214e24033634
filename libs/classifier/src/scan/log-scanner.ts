import type { DetectedEvent } from '../classify/detected-event';
import type { EventDetector, StreamKey } from '../classify/event-detector';
import { isDigit } from '../cache/digit-shape';
import type { CandidateGate, Prescanned } from './candidate-gate';

/** Raw bytes of one line beyond which the rest of the line is skipped (it is still counted). */
export const MAX_RAW_LINE_BYTES = 1024 * 1024;
/** How far back from a candidate line the scanner looks for the start of its record. */
const LOOK_BACK = 8;
const NL = 10;

/**
 * Scans a byte stream of log text (a file, stdin) for events. Splits lines on raw bytes; with a
 * `CandidateGate` it feeds the detector only the lines around places the gate flags — from the
 * start of the record holding a candidate until that record is complete — and counts the rest
 * without decoding them. Without a gate every line goes through the detector. Both paths give
 * the same events for records of up to `LOOK_BACK` lines before their candidate line. Lines
 * carried into the next chunk for that look-back stop at 256 KiB: a record whose head lies
 * behind a longer line and a chunk's edge starts, with the gate, at that line's end (seen with
 * a 1–3 MB line in 64 KiB pipe reads: the same event, a later `firstLine`).
 */
export class LogScanner {
  readonly #detector: EventDetector;
  readonly #key: StreamKey;
  readonly #gate: CandidateGate | undefined;
  #carry: Buffer = Buffer.alloc(0);
  /**
   * Where the carried lines and a new chunk are joined, reused: a fresh buffer per chunk cost
   * more in page faults than the scan itself (0.1 s per 86 MB).
   */
  #work: Buffer = Buffer.alloc(0);
  /** Global index of the first line in `#carry`. */
  #carryBase = 0;
  /** Global index of the first line not yet counted. */
  #nextNew = 0;
  /** Global index of the last line fed to the detector. */
  #lastFed = -1;
  #hot = false;
  #skipping = false;
  #oversized = 0;

  constructor(detector: EventDetector, key: StreamKey, gate?: CandidateGate) {
    this.#detector = detector;
    this.#key = key;
    this.#gate = gate;
  }

  /** Lines seen so far (complete lines; a final line without newline counts after `end`). */
  get lines(): number {
    return this.#nextNew;
  }

  /** Lines longer than `MAX_RAW_LINE_BYTES` that were cut. */
  get oversizedLines(): number {
    return this.#oversized;
  }

  /**
   * Feeds a chunk; returns the events completed by it. `room`: how many bytes right before
   * `chunk` in its ArrayBuffer the caller lets the scanner overwrite. The lines it carries go
   * there, and the chunk is scanned where it lies: copying each chunk behind them cost about as
   * much as reading it. `prescanned`: what the gate's `prescan` found in this chunk.
   */
  write(chunk: Buffer, room = 0, prescanned?: Prescanned): DetectedEvent[] {
    const out: DetectedEvent[] = [];
    let pre = prescanned?.length === chunk.length ? prescanned : undefined;
    if (this.#skipping) {
      pre = undefined;
      const nl = chunk.indexOf(NL);
      if (nl === -1) return out;
      this.#skipping = false;
      chunk = chunk.subarray(nl + 1);
      this.#carryBase = this.#nextNew;
      this.#carry = Buffer.alloc(0);
    }
    const buf = this.#carry.length === 0 ? chunk : this.#join(chunk, room);
    const starts = this.#gate?.lineStarts?.(buf, buf.length) ?? lineStartsOf(buf);
    // bytes [0, complete) are whole lines
    const complete = starts.length === 0 ? 0 : buf.indexOf(NL, starts[starts.length - 1] as number) + 1;
    this.#process(buf, starts, complete, out, pre === undefined ? undefined : { at: buf.length - chunk.length, result: pre });
    this.#keepTail(buf, starts, complete);
    if (buf.length - complete > MAX_RAW_LINE_BYTES) {
      // An endless line: emit what we have as one (cut) line, skip the rest up to its newline.
      this.#oversized++;
      const partial = buf.subarray(complete);
      this.#feed(this.#nextNew, partial.toString('utf8', 0, MAX_RAW_LINE_BYTES), out);
      this.#nextNew++;
      this.#skipping = true;
      this.#carry = Buffer.alloc(0);
      this.#carryBase = this.#nextNew;
    }
    return out;
  }

  #join(chunk: Buffer, room: number): Buffer {
    const size = this.#carry.length + chunk.length;
    if (this.#carry.length <= room) {
      const buf = Buffer.from(chunk.buffer, chunk.byteOffset - this.#carry.length, size);
      this.#carry.copy(buf, 0);
      return buf;
    }
    if (this.#work.length < size) this.#work = Buffer.allocUnsafeSlow(Math.max(size, 2 * this.#work.length));
    this.#carry.copy(this.#work, 0);
    chunk.copy(this.#work, this.#carry.length);
    return this.#work.subarray(0, size);
  }

  /** Ends the input: the last line without a newline counts, open records are released. */
  end(): DetectedEvent[] {
    const out: DetectedEvent[] = [];
    const first = this.#nextNew - this.#carryBase;
    let pos = 0;
    for (let i = 0; i < first; i++) pos = this.#carry.indexOf(NL, pos) + 1;
    if (!this.#skipping && pos < this.#carry.length) {
      this.#feed(this.#nextNew, this.#carry.toString('utf8', pos), out);
      this.#nextNew++;
    }
    this.#carry = Buffer.alloc(0);
    out.push(...this.#detector.flush({ container: this.#key.container, stream: this.#key.stream }));
    return out;
  }

  #process(buf: Buffer, starts: ArrayLike<number>, complete: number, out: DetectedEvent[], pre?: { at: number; result: Prescanned }): void {
    const base = this.#carryBase;
    const firstNew = this.#nextNew - base;
    const lineCount = starts.length;
    const text = (i: number): string => {
      const end = i + 1 < lineCount ? (starts[i + 1] as number) - 1 : complete - 1;
      return buf.toString('utf8', starts[i] as number, end);
    };
    if (this.#gate === undefined) {
      for (let i = Math.max(firstNew, 0); i < lineCount; i++) this.#feed(base + i, text(i), out);
      this.#nextNew = base + lineCount;
      return;
    }
    const candidates = this.#candidateLines(buf, starts, complete, firstNew, pre);
    let c = 0;
    let i = Math.max(firstNew, this.#lastFed + 1 - base, 0);
    while (i < lineCount) {
      if (!this.#hot) {
        // Jump to the next candidate, starting at its record's first line.
        while (c < candidates.length && (candidates[c] as number) < i) c++;
        const next = candidates[c];
        if (next === undefined) break;
        let start = next;
        for (let back = 0; back < LOOK_BACK && start > 0 && start - 1 > this.#lastFed - base; back++) {
          if (opensRecordBytes(buf, starts[start] as number)) break;
          start--;
        }
        if (start > this.#lastFed + 1 - base) {
          // The open record began with a line the gate passed over (a candidate keeps the scanner
          // hot until a new record starts), so it cannot be an event: dropped, not classified.
          // Classifying these cost a tenth of the time on a quiet log.
          this.#detector.discard(this.#key);
        }
        i = Math.max(start, this.#lastFed + 1 - base);
      }
      const isCandidate = candidates[c] === i;
      if (isCandidate) c++;
      this.#feed(base + i, text(i), out);
      const pending = this.#detector.pendingLines(this.#key);
      if (pending <= 1) this.#hot = isCandidate || this.#detector.pendingTraceback(this.#key);
      else this.#hot = this.#hot || isCandidate;
      i++;
    }
    this.#nextNew = base + lineCount;
  }

  #candidateLines(buf: Buffer, starts: ArrayLike<number>, complete: number, firstNew: number, pre?: { at: number; result: Prescanned }): number[] {
    const offsets = (this.#gate as CandidateGate).candidates(buf, complete, pre);
    const lines: number[] = [];
    let line = 0;
    for (const offset of offsets) {
      // The line holding `offset`: searched by halves from the last one, not walked to line by
      // line (a chunk has tens of thousands of lines and a few hundred candidates).
      let hi = starts.length - 1;
      while (line < hi) {
        const mid = (line + hi + 1) >>> 1;
        if ((starts[mid] as number) <= offset) line = mid;
        else hi = mid - 1;
      }
      if (line >= firstNew && lines[lines.length - 1] !== line) lines.push(line);
    }
    return lines;
  }

  #feed(index: number, raw: string, out: DetectedEvent[]): void {
    this.#lastFed = index;
    const events = this.#detector.push(this.#key, raw, index);
    for (const event of events) out.push(event);
  }

  #keepTail(buf: Buffer, starts: ArrayLike<number>, complete: number): void {
    // Keep the last few whole lines so a candidate early in the next chunk can look back.
    let keepFrom = starts.length;
    let bytes = buf.length - complete;
    while (keepFrom > 0 && starts.length - keepFrom < LOOK_BACK) {
      const size = (keepFrom < starts.length ? (starts[keepFrom] as number) : complete) - (starts[keepFrom - 1] as number);
      if (bytes + size > 256 * 1024) break;
      bytes += size;
      keepFrom--;
    }
    const from = keepFrom < starts.length ? (starts[keepFrom] as number) : complete;
    this.#carry = Buffer.from(buf.subarray(from));
    this.#carryBase = this.#carryBase + keepFrom;
  }
}

function lineStartsOf(buf: Buffer): number[] {
  const starts: number[] = [];
  let pos = 0;
  for (;;) {
    const nl = buf.indexOf(NL, pos);
    if (nl === -1) break;
    starts.push(pos);
    pos = nl + 1;
  }
  return starts;
}

// Byte-level twins of isRecordStart / isTracebackStart for the look-back, which must not
// decode every line it passes.
const RECORD_START_BYTES = /^(?:\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|\[?\d{2}\/\w{3}\/\d{4}|\d+:[XCSM] \d|\[?(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL|NOTICE)[\]:\s]|\d{1,3}(?:\.\d{1,3}){3} )/;
const TRACEBACK_BYTES = /^\s*(?:\+ )?(?:Exception Group )?Traceback \(most recent call last\):/;
const DOCKER_PREFIX = /^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2}) /;
// eslint-disable-next-line no-control-regex -- ANSI colour starts with ESC
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
/** Bytes of a line's head the look-back decodes: a traceback's head, after colour or Docker's time. */
const HEAD_BYTES = 180;
function lineHead(buf: Buffer, start: number): string {
  let head = buf.toString('latin1', start, Math.min(start + HEAD_BYTES, buf.length));
  // Each replace is a regex run even when nothing matches: this runs once per candidate line.
  if (head.includes('\x1b')) head = head.replace(ANSI, '');
  // Docker's prefix: "2024-05-02T10:00:00.123456789Z ".
  if (head.charCodeAt(4) === 0x2d && head.charCodeAt(10) === 0x54) head = head.replace(DOCKER_PREFIX, '');
  return head;
}
/**
 * "2024-05-02 10:00" or "[2024-05-02 10:00" (Python's logging, gunicorn) at `start`, read on
 * the bytes: such a line starts a record and is no traceback's head, and the head `lineHead`
 * would decode for it is the same (no colour in these bytes, and a space, not Docker's "T",
 * after the date).
 */
function startsWithLogTime(buf: Buffer, start: number): boolean {
  const p = buf[start] === 0x5b ? start + 1 : start;
  for (let i = 0; i < 16; i++) {
    const b = buf[p + i];
    const want = i === 4 || i === 7 ? 0x2d : i === 10 ? 0x20 : i === 13 ? 0x3a : -1;
    if (want === -1 ? !isDigit(b ?? -1) : b !== want) return false;
  }
  return true;
}
/**
 * A line that starts a record and is not a traceback's head (which continues the record before
 * it). One head decoded for both tests: two cost twice (4 ms of a quiet 86 MB run).
 */
function opensRecordBytes(buf: Buffer, start: number): boolean {
  if (startsWithLogTime(buf, start)) return true;
  const head = lineHead(buf, start);
  return RECORD_START_BYTES.test(head) && !TRACEBACK_BYTES.test(head);
}
