import type Dockerode from 'dockerode';
import type { Readable } from 'node:stream';
import { DockerLogsError } from '../errors';
import { FrameDemuxer, type StreamName } from '../demux/frame-demuxer';
import { LineSplitter } from '../demux/line-splitter';

/** One log line of one container stream. */
export interface ContainerLogLine {
  /** Container name (without Docker's leading "/"): the identity users see. */
  readonly container: string;
  readonly stream: StreamName;
  /** Docker's RFC 3339 nano timestamp of the line. */
  readonly time: string;
  readonly text: string;
}

/** What the source tells its owner. */
export interface LogSourceListener {
  line(line: ContainerLogLine): void;
  /** A container's log stream ended (it stopped): open records can be flushed. */
  streamEnded?(container: string): void;
  /** A failure; the source keeps retrying. */
  error(error: DockerLogsError): void;
}

export interface DockerLogSourceOptions {
  readonly docker: Dockerode;
  readonly listener: LogSourceListener;
  /** Which containers to follow, by name and labels; default: all. */
  readonly select?: (name: string, labels: Readonly<Record<string, string>>) => boolean;
  /** Cursor to resume from (RFC 3339 nano), per container name. */
  readonly cursor?: (name: string) => string | undefined;
  /** Cap of the reconnect back-off; default 5 s. */
  readonly maxBackoffMs?: number;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z) /;

/** RFC 3339 (nanoseconds) → Docker's `since` form "seconds.nanoseconds". */
export function toSince(time: string): string {
  const match = /^(.*?)(?:\.(\d{1,9}))?Z$/.exec(time);
  const seconds = Math.floor(Date.parse(`${match?.[1] ?? time}Z`) / 1000);
  return `${seconds}.${(match?.[2] ?? '').padEnd(9, '0')}`;
}

/** Orders RFC 3339 nano timestamps (same zone "Z"). */
export function compareTimes(a: string, b: string): number {
  const pa = a.replace(/Z$/, '').split('.');
  const pb = b.replace(/Z$/, '').split('.');
  if (pa[0] !== pb[0]) return (pa[0] ?? '') < (pb[0] ?? '') ? -1 : 1;
  const fa = (pa[1] ?? '').padEnd(9, '0');
  const fb = (pb[1] ?? '').padEnd(9, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

/**
 * Follows the logs of the selected containers live through the Docker Engine API (not polling)
 * and picks up containers that start later from `/events`. Lines at or before a container's
 * cursor are dropped, so a resumed stream does not repeat them. On an engine or stream failure
 * it reports a typed error and reconnects with capped back-off.
 */
export class DockerLogSource {
  readonly #docker: Dockerode;
  readonly #listener: LogSourceListener;
  readonly #select: (name: string, labels: Readonly<Record<string, string>>) => boolean;
  readonly #cursorOf: (name: string) => string | undefined;
  readonly #maxBackoffMs: number;
  readonly #following = new Map<string, Readable>();
  readonly #lastTime = new Map<string, string>();
  #events: Readable | undefined;
  #stopped = true;
  #failures = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: DockerLogSourceOptions) {
    this.#docker = options.docker;
    this.#listener = options.listener;
    this.#select = options.select ?? (() => true);
    this.#cursorOf = options.cursor ?? (() => undefined);
    this.#maxBackoffMs = options.maxBackoffMs ?? 5000;
  }

  /** Names of the containers being followed now. */
  get following(): string[] {
    return [...this.#following.keys()];
  }

  /** Starts following; resolves once the first connection attempt is done (ok or not). */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.#connect();
  }

  /** Stops every stream; idempotent. */
  stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#events?.destroy();
    for (const stream of this.#following.values()) stream.destroy();
    this.#following.clear();
    return Promise.resolve();
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    try {
      // Subscribe before listing so no start between the two is missed.
      const events = (await this.#docker.getEvents({
        filters: { type: ['container'], event: ['start', 'die', 'destroy'] },
      })) as unknown as Readable;
      this.#events = events;
      events.on('data', (chunk: Buffer) => this.#onEvents(chunk));
      events.on('error', (error: Error) => this.#fail('DLG_ERR_STREAM', 'event stream failed', error));
      events.on('end', () => this.#fail('DLG_ERR_STREAM', 'event stream ended'));
      const containers = await this.#docker.listContainers();
      this.#failures = 0;
      for (const info of containers) {
        const name = (info.Names[0] ?? info.Id).replace(/^\//, '');
        if (this.#select(name, info.Labels ?? {})) await this.#follow(info.Id, name);
      }
    } catch (error) {
      this.#fail('DLG_ERR_UNREACHABLE', 'Docker Engine not reachable', error);
    }
  }

  #eventBuffer = '';
  #onEvents(chunk: Buffer): void {
    this.#eventBuffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = this.#eventBuffer.indexOf('\n')) !== -1) {
      const line = this.#eventBuffer.slice(0, nl);
      this.#eventBuffer = this.#eventBuffer.slice(nl + 1);
      if (line.trim() === '') continue;
      try {
        const event = JSON.parse(line) as { Action?: string; id?: string; Actor?: { Attributes?: Record<string, string> } };
        const name = event.Actor?.Attributes?.['name'];
        if (event.Action === 'start' && event.id !== undefined && name !== undefined) {
          const { name: _n, ...labels } = event.Actor?.Attributes ?? {};
          if (this.#select(name, labels)) void this.#follow(event.id, name);
        }
      } catch (error) {
        this.#listener.error(new DockerLogsError('DLG_ERR_STREAM', 'unreadable event from /events', { cause: error }));
      }
    }
  }

  async #follow(id: string, name: string): Promise<void> {
    if (this.#following.has(name) || this.#stopped) return;
    const container = this.#docker.getContainer(id);
    try {
      const info = await container.inspect();
      const cursor = this.#lastTime.get(name) ?? this.#cursorOf(name);
      const stream = (await container.logs({
        follow: true,
        stdout: true,
        stderr: true,
        timestamps: true,
        ...(cursor === undefined ? {} : { since: toSince(cursor) as unknown as number }),
      })) as unknown as Readable;
      this.#following.set(name, stream);
      const tty = info.Config.Tty;
      const demux = new FrameDemuxer();
      const splitters: Record<StreamName, LineSplitter> = { stdout: new LineSplitter(), stderr: new LineSplitter() };
      const emit = (streamName: StreamName, lines: Buffer[]): void => {
        for (const raw of lines) this.#emitLine(name, streamName, raw.toString('utf8'), cursor);
      };
      stream.on('data', (chunk: Buffer) => {
        try {
          if (tty) emit('stdout', splitters.stdout.push(chunk));
          else for (const piece of demux.push(chunk)) emit(piece.stream, splitters[piece.stream].push(piece.payload));
        } catch (error) {
          stream.destroy(error as Error);
        }
      });
      const done = (): void => {
        if (this.#following.get(name) !== stream) return;
        this.#following.delete(name);
        emit('stdout', splitters.stdout.end());
        emit('stderr', splitters.stderr.end());
        this.#listener.streamEnded?.(name);
      };
      stream.on('end', done);
      stream.on('close', done);
      stream.on('error', (error: Error) => {
        this.#listener.error(new DockerLogsError('DLG_ERR_STREAM', `log stream of ${name} failed`, { cause: error }));
        done();
      });
    } catch (error) {
      this.#listener.error(new DockerLogsError('DLG_ERR_STREAM', `cannot follow ${name}`, { cause: error }));
    }
  }

  #emitLine(container: string, stream: StreamName, raw: string, cursor: string | undefined): void {
    const match = TIMESTAMP.exec(raw);
    const time = match?.[1] ?? new Date(0).toISOString();
    const text = match ? raw.slice(match[0].length) : raw;
    // `since` is inclusive of its timestamp: drop what the cursor already covers.
    if (cursor !== undefined && compareTimes(time, cursor) <= 0) return;
    const last = this.#lastTime.get(container);
    if (last === undefined || compareTimes(time, last) > 0) this.#lastTime.set(container, time);
    this.#listener.line({ container, stream, time, text });
  }

  #fail(code: 'DLG_ERR_UNREACHABLE' | 'DLG_ERR_STREAM', message: string, cause?: unknown): void {
    if (this.#stopped || this.#timer !== undefined) return;
    this.#listener.error(new DockerLogsError(code, message, cause === undefined ? {} : { cause }));
    this.#events?.destroy();
    this.#events = undefined;
    const delay = Math.min(this.#maxBackoffMs, 250 * 2 ** this.#failures++);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#connect();
    }, delay);
  }
}
