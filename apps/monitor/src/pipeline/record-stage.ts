import type { DetectedEvent } from '@safework/classifier';
import { scrub, scrubDeep, type ScrubOptions } from '@safework/github-reporter';
import type { MonitorStateStore } from '@safework/state-store';
import type { LineSink } from './ports';

/** Distinct texts (up to 4 KiB each) whose scrubbed form is kept: a flood repeats a few messages many times. */
const SCRUB_CACHE = 1000;
const SCRUB_CACHE_TEXT = 4096;

/**
 * Record: every event is counted (per hour, container, type and severity, for /metrics and
 * the dashboard) and written to `safework-errors.log` as one JSON object, what came from the
 * logs scrubbed. Called inside the checkpoint's transaction, so a crash neither loses nor
 * doubles a count.
 */
export class RecordStage {
  readonly #store: MonitorStateStore;
  readonly #errorLog: LineSink;
  readonly #scrub: ScrubOptions;
  readonly #scrubbed = new Map<string, string>();
  /** The fixed start of an event's line, per container, fingerprint, type, severity and rule. */
  readonly #heads = new Map<string, string>();
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
    const at = JSON.stringify(detectedAt);
    const text: string[] = [];
    for (const event of events) {
      const key = `${event.container}\u0000${event.type}\u0000${event.severity}`;
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { container: event.container, type: event.type, severity: event.severity, n: 1 });
      text.push(this.#entry(event, at));
    }
    for (const c of counts.values()) this.#store.countEvent(now, c.container, c.type, c.severity, c.n);
    this.#errorLog.write(`${text.join('\n')}\n`);
    this.count += events.length;
  }

  /**
   * One line of the errors log: the event as JSON, what came from the logs scrubbed (a
   * fingerprint's run of hex digits is no card number). Written field by field: a flood
   * repeats a few messages, whose scrubbed JSON is kept.
   */
  #entry(e: DetectedEvent, detectedAt: string): string {
    const json = JSON.stringify;
    const key = `${e.container}\u0000${e.fingerprint}\u0000${e.type}\u0000${e.severity}\u0000${e.ruleId}`;
    let head = this.#heads.get(key);
    if (head === undefined) {
      head = `{"type":${json(e.type)},"severity":${json(e.severity)},"fingerprint":${json(e.fingerprint)},"container":${json(e.container)},"ruleId":${json(e.ruleId)}`;
      if (this.#heads.size >= SCRUB_CACHE) this.#heads.clear();
      this.#heads.set(key, head);
    }
    let s = `${head},"firstLine":${e.firstLine},"lastLine":${e.lastLine},"message":${this.#scrubbedJson(e.message)}`;
    if (e.time !== undefined) s += `,"time":${json(e.time)}`;
    if (e.traceback !== undefined) s += `,"traceback":${this.#scrubbedJson(e.traceback)}`;
    if (e.request !== undefined) s += `,"request":${json(scrubDeep(e.request, this.#scrub))}`;
    if (e.user !== undefined) s += `,"user":${json(scrubDeep(e.user, this.#scrub))}`;
    if (e.escalate !== undefined) s += `,"escalate":${json(e.escalate)}`;
    if (e.dependency !== undefined) s += `,"dependency":${json(e.dependency)}`;
    if (e.aliases !== undefined) s += `,"aliases":${json(e.aliases)}`;
    return `${s},"detectedAt":${detectedAt}}`;
  }

  /** The scrubbed text as a JSON string. */
  #scrubbedJson(text: string): string {
    if (text.length > SCRUB_CACHE_TEXT) return JSON.stringify(scrub(text, this.#scrub));
    let done = this.#scrubbed.get(text);
    if (done === undefined) {
      done = JSON.stringify(scrub(text, this.#scrub));
      if (this.#scrubbed.size >= SCRUB_CACHE) this.#scrubbed.clear();
      this.#scrubbed.set(text, done);
    }
    return done;
  }

  /** Logs one entry that is not an event (an incident's record, a notice), scrubbed. */
  note(entry: Record<string, unknown>): void {
    this.#errorLog.write(`${scrub(JSON.stringify(entry), this.#scrub)}\n`);
  }
}
