import { EventDetector, FrequencyEscalator, type Classifier, type DetectedEvent, type StreamKey } from '@safework/classifier';
import type { ContainerLogLine } from '@safework/docker-logs';

/**
 * Detect: lines in (time and text already apart), classified events out, tracebacks joined
 * per container stream, severity raised by frequency where the rule allows. Pure: it keeps
 * records open between calls, never a timer; `flush` releases them.
 */
export class DetectStage {
  readonly #detector: EventDetector;
  readonly #escalator = new FrequencyEscalator();
  #index = 0;
  #lastKey: StreamKey | undefined;

  constructor(classifier: Classifier) {
    this.#detector = new EventDetector(classifier);
  }

  /** One line; the events it completed. */
  push(line: ContainerLogLine, now: Date): DetectedEvent[] {
    return this.#escalate(this.#detector.pushLine(this.#keyOf(line), line, this.#index++), now);
  }

  /** The line's stream key; a batch is one container's lines, so the last key usually serves. */
  #keyOf(line: ContainerLogLine): StreamKey {
    const last = this.#lastKey;
    if (last !== undefined && last.container === line.container && last.stream === line.stream && last.service === line.service) return last;
    this.#lastKey = { container: line.container, stream: line.stream, service: line.service };
    return this.#lastKey;
  }

  /** Releases the open records of one container (or one of its streams). */
  flush(filter: { container: string; stream?: string }, now: Date): DetectedEvent[] {
    return this.#escalate(this.#detector.flush(filter), now);
  }

  hasPending(key: { container: string; stream: string }): boolean {
    return this.#detector.hasPending(key);
  }

  /** Lines of each stream still held in an open record: the checkpoint must stop before them. */
  held(container: string): { stdout: number; stderr: number } {
    return { stdout: this.#detector.pendingLines({ container, stream: 'stdout' }), stderr: this.#detector.pendingLines({ container, stream: 'stderr' }) };
  }

  /** Drops what is held of a container (its lines will be read again). */
  forget(container: string): void {
    this.#detector.forget(container);
  }

  // Symptoms (5xx access lines, gunicorn's boot-failure report) never escalate: their cause is
  // an event of its own, and a symptom repeating must not file a second issue.
  #escalate(events: DetectedEvent[], now: Date): DetectedEvent[] {
    if (events.length === 0) return events;
    const t = now.getTime();
    return events.map((e) => {
      if (e.escalate === false) return e;
      const severity = this.#escalator.observe(e.fingerprint, e.severity, t);
      return severity === e.severity ? e : Object.assign({}, e, { severity });
    });
  }
}
