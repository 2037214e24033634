import { embedsTracebackStart, isChainMarker, isFrameLine, isIndented, isRecordStart, isTracebackStart } from '../lines/record-start';
import type { LogLine } from '../types';
import type { LogRecord } from './log-record';

/** Limits that keep one record, and so memory, bounded. */
export interface TracebackAssemblerOptions {
  /** Most lines in one record; reaching it flushes the record. Default 500. */
  readonly maxLines?: number;
  /** Most characters in one record; reaching it flushes the record. Default 256 KiB. */
  readonly maxChars?: number;
  /** Most continuation lines a plain log record may take. Default 8. */
  readonly maxContinuations?: number;
}

type Phase = 'head' | 'frames' | 'exc' | 'chain';

// A line that names an exception of its own starts a new record rather than continuing the
// message of the exception before it.
const EXCEPTION_START = /^[A-Za-z_][\w.]*(?:Error|Exception|Warning|Exit|Interrupt|Fault)\b/;
// SQLAlchemy appends these lines to its exception messages.
const SQLALCHEMY_TAIL = /^(?:\(Background on this error at: |\[SQL: |\[parameters: )/;

/**
 * Groups the lines of one stream (one container's stdout, say) into records, joining Python
 * tracebacks — with the logging line before `Traceback`, chained exceptions, 3.11 caret lines
 * and exception groups — into one record from the first to the last line.
 *
 * It owns no timer: a record still open when the stream goes quiet or stops is released by
 * `flush()`, which the caller sends. `push` returns the records it completed.
 */
export class TracebackAssembler {
  readonly #maxLines: number;
  readonly #maxChars: number;
  readonly #maxContinuations: number;
  #lines: LogLine[] = [];
  #blanks: LogLine[] = [];
  #chars = 0;
  #phase: Phase = 'head';
  #structured = false;
  #continuations = 0;
  #hasTraceback = false;

  constructor(options: TracebackAssemblerOptions = {}) {
    this.#maxLines = options.maxLines ?? 500;
    this.#maxChars = options.maxChars ?? 256 * 1024;
    this.#maxContinuations = options.maxContinuations ?? 8;
  }

  /** True when a record is open (the next `flush()` would return something). */
  get pending(): boolean {
    return this.#lines.length > 0 || this.#blanks.length > 0;
  }

  /** True when the open record holds a traceback (it may still grow). */
  get pendingTraceback(): boolean {
    return this.#hasTraceback;
  }

  /** Number of lines in the open record. */
  get pendingLines(): number {
    return this.#lines.length + this.#blanks.length;
  }

  /** Feeds one line; returns the records it completed (usually none or one). */
  push(line: LogLine): LogRecord[] {
    const out: LogRecord[] = [];
    if (this.#lines.length === 0) {
      this.#start(line, out);
      return out;
    }
    if (this.#continues(line)) {
      if (line.text.trim() === '' && this.#phase !== 'head') {
        this.#blanks.push(line);
      } else {
        this.#append(line);
      }
      if (this.#lines.length + this.#blanks.length >= this.#maxLines || this.#chars >= this.#maxChars) {
        this.#emit(out);
      }
      return out;
    }
    this.#emit(out);
    this.#start(line, out);
    return out;
  }

  /** Releases the open record, if any (stream stopped, went quiet, or ended). */
  flush(): LogRecord[] {
    const out: LogRecord[] = [];
    this.#emit(out);
    return out;
  }

  #continues(line: LogLine): boolean {
    const text = line.text;
    const blank = text.trim() === '';
    switch (this.#phase) {
      case 'head': {
        if (blank) return false;
        if (isTracebackStart(text)) return this.#structured;
        if (isIndented(text)) return this.#continuations < this.#maxContinuations;
        if (isRecordStart(text) || EXCEPTION_START.test(text)) return false;
        return (this.#structured || SQLALCHEMY_TAIL.test(text)) && this.#continuations < this.#maxContinuations;
      }
      case 'frames':
        if (blank) return true;
        // After a blank line only a chain marker or more traceback carries on.
        if (this.#blanks.length > 0) return isIndented(text) || isTracebackStart(text) || isChainMarker(text);
        if (isIndented(text) || isTracebackStart(text) || isChainMarker(text)) return true;
        return !isRecordStart(text);
      case 'exc':
        if (blank || isChainMarker(text)) return true;
        if (this.#blanks.length > 0) return false;
        if (isTracebackStart(text) || EXCEPTION_START.test(text) || isFrameLine(text)) return false;
        if (isIndented(text)) return true;
        return !isRecordStart(text) && this.#continuations < this.#maxContinuations;
      case 'chain':
        return blank || isTracebackStart(text);
    }
  }

  #append(line: LogLine): void {
    for (const blank of this.#blanks) this.#add(blank);
    this.#blanks = [];
    this.#add(line);
    const text = line.text;
    switch (this.#phase) {
      case 'head':
        // A frame with no header before it: a traceback cut at its top (a log shipper's line
        // limit, a copy from the middle) is still one.
        if (isTracebackStart(text) || isFrameLine(text)) {
          this.#phase = 'frames';
          this.#hasTraceback = true;
          this.#continuations = 0;
        } else {
          this.#continuations++;
        }
        return;
      case 'frames':
        if (isChainMarker(text)) this.#phase = 'chain';
        else if (!isIndented(text) && !isTracebackStart(text)) {
          this.#phase = 'exc';
          this.#continuations = 0;
        }
        return;
      case 'exc':
        if (isChainMarker(text)) this.#phase = 'chain';
        else if (!isIndented(text)) this.#continuations++;
        return;
      case 'chain':
        if (isTracebackStart(text)) this.#phase = 'frames';
        return;
    }
  }

  #add(line: LogLine): void {
    this.#lines.push(line);
    this.#chars += line.text.length + 1;
  }

  #start(line: LogLine, out: LogRecord[]): void {
    const text = line.text;
    this.#lines = [line];
    this.#blanks = [];
    this.#chars = text.length + 1;
    this.#continuations = 0;
    if (isTracebackStart(text)) {
      this.#phase = 'frames';
      this.#hasTraceback = true;
      this.#structured = false;
    } else if (embedsTracebackStart(text) || isFrameLine(text)) {
      this.#phase = 'frames';
      this.#hasTraceback = true;
      this.#structured = true;
    } else {
      this.#phase = 'head';
      this.#hasTraceback = false;
      this.#structured = isRecordStart(text);
    }
    // A blank line or a record at its cap is complete on its own.
    if (text.trim() === '' || this.#chars >= this.#maxChars) this.#emit(out);
  }

  #emit(out: LogRecord[]): void {
    if (this.#lines.length > 0) out.push({ lines: this.#lines, hasTraceback: this.#hasTraceback });
    // Trailing blank lines were only tentatively part of a traceback: each stands alone.
    for (const blank of this.#blanks) out.push({ lines: [blank], hasTraceback: false });
    this.#lines = [];
    this.#blanks = [];
    this.#chars = 0;
    this.#phase = 'head';
    this.#hasTraceback = false;
    this.#structured = false;
    this.#continuations = 0;
  }
}
