import type Dockerode from 'dockerode';
import type { Readable } from 'node:stream';
import { DockerLogsError, type DockerLogsErrorCode } from '../errors';
import { backoffDelay } from './backoff';

/** Container life-cycle actions subscribed to (filtered server-side: health checks flood `/events` with exec events). */
export const CONTAINER_ACTIONS = ['start', 'kill', 'die', 'oom', 'health_status', 'restart', 'destroy'] as const;
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];

/** One container event as the engine sent it. */
export interface EngineEvent {
  readonly action: ContainerAction;
  /** What follows the action after ": " (`health_status: unhealthy` → `unhealthy`). */
  readonly detail: string | undefined;
  readonly id: string;
  /** Container name, without Docker's leading "/". */
  readonly name: string;
  /** The actor's attributes: labels, `exitCode` with `die`, `image`. */
  readonly attributes: Readonly<Record<string, string>>;
  /** RFC 3339 with nanoseconds. */
  readonly time: string;
}

/** One consumer of the event stream. */
export interface EngineEventsSubscriber {
  event?(event: EngineEvent): void;
  /**
   * The stream is (again) up: whatever was missed while it was down must be looked up now
   * (the engine replays little). Awaited before `start` resolves.
   */
  connected?(): Promise<void> | void;
  /** The stream went down; a reconnect follows with back-off. */
  disconnected?(): void;
}

export interface EngineEventsOptions {
  readonly docker: Dockerode;
  /** Told about every failure; the stream keeps reconnecting. */
  readonly error: (error: DockerLogsError) => void;
  /** Cap of the reconnect back-off; default 5 s. */
  readonly maxBackoffMs?: number;
}

function nanoTime(timeNano: number | undefined, time: number | undefined): string {
  if (timeNano === undefined) return new Date((time ?? 0) * 1000).toISOString();
  const ns = BigInt(timeNano);
  const iso = new Date(Number(ns / 1_000_000n)).toISOString().replace(/\.\d{3}Z$/, '');
  return `${iso}.${String(ns % 1_000_000_000n).padStart(9, '0')}Z`;
}

/** Splits the `/events` stream (one JSON document per line, chunked anywhere) into lines. */
export class EventLines {
  #buffer = '';

  push(chunk: Buffer): string[] {
    this.#buffer += chunk.toString('utf8');
    const parts = this.#buffer.split('\n');
    this.#buffer = parts.pop() ?? '';
    return parts.filter((line) => line.trim() !== '');
  }
}

/**
 * The one `/events` subscription of a process, fanned out to its subscribers (the log source,
 * the state watcher), with one reconnect policy: on an error or an end it tells every
 * subscriber, waits a capped back-off and subscribes again.
 */
export class EngineEvents {
  readonly #o: EngineEventsOptions;
  readonly #subscribers: EngineEventsSubscriber[] = [];
  #stream: Readable | undefined;
  #timer: NodeJS.Timeout | undefined;
  #failures = 0;
  #stopped = true;
  #connected = false;

  constructor(options: EngineEventsOptions) {
    this.#o = options;
  }

  /** True while the stream is up. */
  get connected(): boolean {
    return this.#connected;
  }

  subscribe(subscriber: EngineEventsSubscriber): void {
    this.#subscribers.push(subscriber);
  }

  /** Subscribes; resolves once the first attempt is done (up and caught up, or failed). Idempotent. */
  async start(): Promise<void> {
    if (!this.#stopped) return;
    this.#stopped = false;
    await this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#stream?.destroy();
    this.#stream = undefined;
    this.#connected = false;
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    let stream: Readable;
    try {
      stream = (await this.#o.docker.getEvents({ filters: { type: ['container'], event: [...CONTAINER_ACTIONS] } })) as unknown as Readable;
    } catch (error) {
      this.#fail('DLG_ERR_UNREACHABLE', 'Docker Engine not reachable', error);
      return;
    }
    if (this.#stopped) {
      stream.destroy();
      return;
    }
    this.#stream = stream;
    const lines = new EventLines();
    stream.on('data', (chunk: Buffer) => {
      for (const line of lines.push(chunk)) this.#dispatch(line);
    });
    stream.on('error', (error: Error) => this.#fail('DLG_ERR_STREAM', 'event stream failed', error));
    stream.on('end', () => this.#fail('DLG_ERR_STREAM', 'event stream ended (engine stopped?)'));
    this.#connected = true;
    // Subscribed before anyone lists: a container starting in between is not missed.
    for (const s of this.#subscribers) {
      try {
        await s.connected?.();
      } catch (error) {
        this.#fail('DLG_ERR_UNREACHABLE', 'Docker Engine not reachable', error);
        return;
      }
    }
    this.#failures = 0;
  }

  #dispatch(line: string): void {
    if (this.#stopped) return;
    let raw: { Action?: string; id?: string; time?: number; timeNano?: number; Actor?: { Attributes?: Record<string, string> } };
    try {
      raw = JSON.parse(line) as typeof raw;
    } catch (error) {
      this.#o.error(new DockerLogsError('DLG_ERR_EVENT', 'unreadable event from /events', { cause: error }));
      return;
    }
    const attributes = raw.Actor?.Attributes ?? {};
    const name = attributes['name'];
    const [action = '', detail] = (raw.Action ?? '').split(': ');
    if (name === undefined || raw.id === undefined || !(CONTAINER_ACTIONS as readonly string[]).includes(action)) return;
    const event: EngineEvent = { action: action as ContainerAction, detail, id: raw.id, name, attributes, time: nanoTime(raw.timeNano, raw.time) };
    for (const s of this.#subscribers) s.event?.(event);
  }

  #fail(code: DockerLogsErrorCode, message: string, cause?: unknown): void {
    if (this.#stopped || this.#timer !== undefined) return;
    this.#connected = false;
    this.#stream?.destroy();
    this.#stream = undefined;
    this.#o.error(new DockerLogsError(code, message, cause === undefined ? {} : { cause }));
    for (const s of this.#subscribers) s.disconnected?.();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#connect();
    }, backoffDelay(this.#failures++, this.#o.maxBackoffMs ?? 5000));
  }
}
