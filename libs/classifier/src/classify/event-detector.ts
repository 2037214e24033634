import { cleanText, decodeLine } from '../lines/line-decoder';
import { TracebackAssembler, type TracebackAssemblerOptions } from '../traceback/traceback-assembler';
import type { LogRecord } from '../traceback/log-record';
import type { Classifier } from './classifier';
import type { DetectedEvent } from './detected-event';

/** Where a line came from: events are assembled per container and stream. */
export interface StreamKey {
  readonly container: string;
  readonly stream: string;
  /** The container's service (replicas share it); the container itself when absent. */
  readonly service?: string;
}

/** Counters a caller may expose as metrics. */
export interface DetectorStats {
  lines: number;
  truncatedLines: number;
  records: number;
  events: number;
}

/**
 * Raw lines in, classified events out: decodes each line (Docker timestamp, ANSI, length cap),
 * assembles records per stream and classifies them. Owns no timer — call `flush` when a stream
 * stops or goes quiet.
 */
export class EventDetector {
  readonly #classifier: Classifier;
  readonly #options: TracebackAssemblerOptions;
  readonly #assemblers = new Map<string, { key: StreamKey; assembler: TracebackAssembler }>();
  #lastKey: StreamKey | undefined;
  #lastAssembler: TracebackAssembler | undefined;
  readonly stats: DetectorStats = { lines: 0, truncatedLines: 0, records: 0, events: 0 };

  constructor(classifier: Classifier, options: TracebackAssemblerOptions = {}) {
    this.#classifier = classifier;
    this.#options = options;
  }

  /** Feeds one raw line (as a file gives it, Docker's timestamp optional); returns the events it completed. */
  push(key: StreamKey, raw: string, index: number): DetectedEvent[] {
    const decoded = decodeLine(raw);
    return this.#push(key, decoded.text, decoded.truncated, decoded.time, index);
  }

  /**
   * Feeds one line whose time is already known (a log source split Docker's timestamp off):
   * the line is not glued back together and split again.
   */
  pushLine(key: StreamKey, line: { readonly time?: string; readonly text: string }, index: number): DetectedEvent[] {
    const clean = cleanText(line.text);
    return this.#push(key, clean.text, clean.truncated, line.time, index);
  }

  #push(key: StreamKey, text: string, truncated: boolean, time: string | undefined, index: number): DetectedEvent[] {
    this.stats.lines++;
    if (truncated) this.stats.truncatedLines++;
    return this.#classify(key, this.#assembler(key).push(time === undefined ? { text, index } : { text, time, index }));
  }

  /** True when the stream has an open record. */
  hasPending(key: StreamKey): boolean {
    return this.#existing(key)?.pending ?? false;
  }

  /** Lines in the stream's open record (0 when none). */
  pendingLines(key: StreamKey): number {
    return this.#existing(key)?.pendingLines ?? 0;
  }

  /** True when the stream's open record holds a traceback. */
  pendingTraceback(key: StreamKey): boolean {
    return this.#existing(key)?.pendingTraceback ?? false;
  }

  /** Releases open records: of one stream, of one container's streams, or of all. */
  flush(filter?: { container: string; stream?: string }): DetectedEvent[] {
    const out: DetectedEvent[] = [];
    for (const { key, assembler } of this.#assemblers.values()) {
      if (filter && (key.container !== filter.container || (filter.stream !== undefined && key.stream !== filter.stream))) {
        continue;
      }
      out.push(...this.#classify(key, assembler.flush()));
    }
    return out;
  }

  /**
   * Drops a stream's open record unclassified: for a caller that knows it cannot be an event
   * (a gated scanner: none of its lines holds a rule's required literal).
   */
  discard(key: StreamKey): void {
    const assembler = this.#existing(key);
    if (assembler !== undefined) this.stats.records += assembler.flush().length;
  }

  /** Forgets a container's streams (after `flush`), e.g. when it is removed. */
  forget(container: string): void {
    for (const [id, { key }] of this.#assemblers) if (key.container === container) this.#assemblers.delete(id);
    this.#lastKey = undefined;
    this.#lastAssembler = undefined;
  }

  #classify(key: StreamKey, records: LogRecord[]): DetectedEvent[] {
    const out: DetectedEvent[] = [];
    for (const record of records) {
      this.stats.records++;
      const event = this.#classifier.classify(record, key.container, key.service ?? key.container);
      if (event !== undefined) {
        this.stats.events++;
        out.push(event);
      }
    }
    return out;
  }

  #id(key: StreamKey): string {
    return `${key.container}\u0000${key.stream}`;
  }

  /**
   * The stream's assembler if it has one. A gated scanner asks after every line it feeds: the
   * last stream's, by the key's identity, spares building the map key (3 % of a scan's time).
   */
  #existing(key: StreamKey): TracebackAssembler | undefined {
    if (key === this.#lastKey) return this.#lastAssembler;
    return this.#assemblers.get(this.#id(key))?.assembler;
  }

  #assembler(key: StreamKey): TracebackAssembler {
    // Lines come in runs of one stream: the last stream's assembler, by the key's identity.
    if (key === this.#lastKey && this.#lastAssembler !== undefined) return this.#lastAssembler;
    const id = this.#id(key);
    let entry = this.#assemblers.get(id);
    if (entry === undefined) {
      entry = { key, assembler: new TracebackAssembler(this.#options) };
      this.#assemblers.set(id, entry);
    }
    this.#lastKey = key;
    this.#lastAssembler = entry.assembler;
    return entry.assembler;
  }
}
