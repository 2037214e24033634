import type { DetectedEvent } from '@safework/classifier';
import { ScrubCache, scrub, scrubDeep, type ScrubOptions } from '@safework/github-reporter';
import type { MonitorStateStore } from '@safework/state-store';
import type { LineSink } from './ports';

/** Characters of the errors log written at a time. */
const LOG_PIECE = 64 * 1024;
/** Event heads kept: a flood repeats a few fingerprints many times. */
const HEADS = 1000;

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
  readonly #scrubbed: ScrubCache;
  /** The fixed start of an event's line, per container, fingerprint, type, severity and rule. */
  readonly #heads = new Map<string, string>();
  #lastHead: { fingerprint: string; container: string; type: string; severity: string; ruleId: string; head: string } | undefined;
  /** Events recorded since start. */
  count = 0;

  constructor(options: { store: MonitorStateStore; errorLog: LineSink; scrub: ScrubOptions }) {
    this.#store = options.store;
    this.#errorLog = options.errorLog;
    this.#scrub = options.scrub;
    this.#scrubbed = new ScrubCache(options.scrub);
  }

  /** Counts and logs a batch: one count write per (container, type, severity) in it. */
  record(events: readonly DetectedEvent[], now: Date): void {
    if (events.length === 0) return;
    const counts: Array<{ container: string; type: string; severity: string; n: number }> = [];
    const at = JSON.stringify(now.toISOString());
    let text = '';
    let last: { container: string; type: string; severity: string; n: number } | undefined;
    for (const event of events) {
      // A batch is mostly runs of one kind: the previous one is the likely match.
      if (last?.container !== event.container || last.type !== event.type || last.severity !== event.severity) {
        last = counts.find((c) => c.container === event.container && c.type === event.type && c.severity === event.severity);
        if (last === undefined) counts.push((last = { container: event.container, type: event.type, severity: event.severity, n: 0 }));
      }
      last.n++;
      text += `${this.#entry(event, at)}\n`;
      // Written in pieces: a whole batch's text would outlive the young generation's
      // collections and fill the old one during a flood.
      if (text.length >= LOG_PIECE) {
        this.#errorLog.write(text);
        text = '';
      }
    }
    for (const c of counts) this.#store.countEvent(now, c.container, c.type, c.severity, c.n);
    if (text.length > 0) this.#errorLog.write(text);
    this.count += events.length;
  }

  /**
   * One line of the errors log: the event as JSON, what came from the logs scrubbed (a
   * fingerprint's run of hex digits is no card number). Written field by field: a flood
   * repeats a few messages, whose scrubbed JSON is kept.
   */
  #entry(e: DetectedEvent, detectedAt: string): string {
    const json = JSON.stringify;
    // Line numbers go through JSON.stringify, not `${n}`: V8 keeps every number turned into a
    // string that way in a cache that lives in the old generation, so a flood's million distinct
    // line numbers were each kept past two collections and piled up there (30 MB of peak RSS).
    let s = `${this.#head(e)},"firstLine":${json(e.firstLine)},"lastLine":${json(e.lastLine)},"message":${this.#scrubbed.json(e.message)}`;
    if (e.time !== undefined) s += `,"time":${json(e.time)}`;
    if (e.traceback !== undefined) s += `,"traceback":${this.#scrubbed.json(e.traceback)}`;
    if (e.request !== undefined) s += `,"request":${json(scrubDeep(e.request, this.#scrub))}`;
    if (e.user !== undefined) s += `,"user":${json(scrubDeep(e.user, this.#scrub))}`;
    if (e.escalate !== undefined) s += `,"escalate":${json(e.escalate)}`;
    if (e.dependency !== undefined) s += `,"dependency":${json(e.dependency)}`;
    if (e.aliases !== undefined) s += `,"aliases":${json(e.aliases)}`;
    return `${s},"detectedAt":${detectedAt}}`;
  }

  /** The fixed start of an event's line; the last one is checked first (a flood is runs of one event). */
  #head(e: DetectedEvent): string {
    const last = this.#lastHead;
    if (last !== undefined && last.fingerprint === e.fingerprint && last.container === e.container && last.type === e.type && last.severity === e.severity && last.ruleId === e.ruleId) return last.head;
    const json = JSON.stringify;
    const key = `${e.container}\u0000${e.fingerprint}\u0000${e.type}\u0000${e.severity}\u0000${e.ruleId}`;
    let head = this.#heads.get(key);
    if (head === undefined) {
      head = `{"type":${json(e.type)},"severity":${json(e.severity)},"fingerprint":${json(e.fingerprint)},"container":${json(e.container)},"ruleId":${json(e.ruleId)}`;
      if (this.#heads.size >= HEADS) this.#heads.clear();
      this.#heads.set(key, head);
    }
    this.#lastHead = { fingerprint: e.fingerprint, container: e.container, type: e.type, severity: e.severity, ruleId: e.ruleId, head };
    return head;
  }

  /** Logs one entry that is not an event (an incident's record, a notice), scrubbed. */
  note(entry: Record<string, unknown>): void {
    this.#errorLog.write(`${scrub(JSON.stringify(entry), this.#scrub)}\n`);
  }
}
