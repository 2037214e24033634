import type { DetectedEvent } from '@safework/classifier';
import { scrub, type ScrubOptions } from '@safework/github-reporter';
import type { MonitorStateStore } from '@safework/state-store';
import type { LineSink } from './ports';

/**
 * Record: every event is counted (per hour, container, type and severity, for /metrics and
 * the dashboard) and written to `safework-errors.log`, scrubbed, as one JSON object. Called
 * inside the checkpoint's transaction, so a crash neither loses nor doubles a count.
 */
export class RecordStage {
  readonly #store: MonitorStateStore;
  readonly #errorLog: LineSink;
  readonly #scrub: ScrubOptions;
  /** Events recorded since start. */
  count = 0;

  constructor(options: { store: MonitorStateStore; errorLog: LineSink; scrub: ScrubOptions }) {
    this.#store = options.store;
    this.#errorLog = options.errorLog;
    this.#scrub = options.scrub;
  }

  /** Counts and logs a batch: one count write per (container, type, severity) in it. */
  record(events: readonly DetectedEvent[], now: Date): void {
    if (events.length === 0) return;
    const counts = new Map<string, { container: string; type: string; severity: string; n: number }>();
    const detectedAt = now.toISOString();
    let text = '';
    for (const event of events) {
      const key = `${event.container}\u0000${event.type}\u0000${event.severity}`;
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { container: event.container, type: event.type, severity: event.severity, n: 1 });
      const { lines: _lines, ...rest } = event;
      text += `${JSON.stringify({ ...rest, detectedAt })}\n`;
    }
    for (const c of counts.values()) this.#store.countEvent(now, c.container, c.type, c.severity, c.n);
    // One scrub and one write for the batch: the same patterns, line by line, at a fraction of the calls.
    this.#errorLog.write(scrub(text, this.#scrub));
    this.count += events.length;
  }

  /** Logs one entry that is not an event (an incident's record, a notice), scrubbed. */
  note(entry: Record<string, unknown>): void {
    this.#errorLog.write(`${scrub(JSON.stringify(entry), this.#scrub)}\n`);
  }
}
