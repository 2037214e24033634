import type Dockerode from 'dockerode';
import { Readable } from 'node:stream';
import { lastReadAt, type CheckpointStore } from '../checkpoint/checkpoint-store';
import { CursorFilter } from '../checkpoint/cursor-filter';
import { FrameDemuxer, type StreamName } from '../demux/frame-demuxer';
import { LineSplitter } from '../demux/line-splitter';
import { DockerLogsError, type DockerLogsErrorCode } from '../errors';
import { compareTimes, splitTimestamp, toSince } from '../time/docker-time';
import { containerName, type ContainerSelector } from './container-selector';
import { EventLines, backoffDelay } from './engine-connection';

/** One log line of one container stream. */
export interface ContainerLogLine {
  /** Container name (without Docker's leading "/"): the identity users see. */
  readonly container: string;
  readonly stream: StreamName;
  /** Docker's RFC 3339 nano timestamp of the line. */
  readonly time: string;
  readonly text: string;
}

/** What the source tells its owner. Calls are synchronous and never overlap. */
export interface LogSourceListener {
  /** New lines of one container, in stream order; runs inside the checkpoint commit. */
  lines(container: string, lines: readonly ContainerLogLine[]): void;
  /** A container's log stream ended (it stopped): open records can be flushed. */
  streamEnded?(container: string): void;
  /**
   * How many of the last lines of each stream the listener still holds open (an unfinished
   * traceback): the saved checkpoint stops before them. Default: none.
   */
  held?(container: string): Partial<Record<StreamName, number>>;
  /**
   * A commit of this container's lines failed and was rolled back: every line past the saved
   * checkpoint (held ones too) will be delivered again, so drop what is held of it.
   */
  rolledBack?(container: string): void;
  /** A failure; the source keeps going or retrying. */
  error(error: DockerLogsError): void;
  /** The engine connection went up or down. */
  connection?(up: boolean): void;
}

export interface DockerLogSourceOptions {
  readonly docker: Dockerode;
  readonly listener: LogSourceListener;
  readonly checkpoints: CheckpointStore;
  readonly select?: ContainerSelector;
  /** Cap of the reconnect back-off; default 5 s. */
  readonly maxBackoffMs?: number;
  /**
   * When the owner last followed the logs (its last heartbeat, RFC 3339). A stopped container
   * without a checkpoint that started or finished after it ran while nobody followed it: its
   * logs are read once, up to `catchUpMaxLines`. Unset (a first start): such containers are
   * history, not news, and are left alone.
   */
  readonly resumeAfter?: string;
  /** Most lines read from a container that ran while nobody followed it; default 100 000. */
  readonly catchUpMaxLines?: number;
  /** Wall clock, for when a lost engine connection was last up; default `Date.now`. */
  readonly now?: () => number;
}

/** The `State` fields of an inspected container this source decides on. */
interface RunState {
  readonly Running: boolean;
  readonly StartedAt?: string;
  readonly FinishedAt?: string;
}

/** Both streams, with Docker's timestamps, from `since` (RFC 3339 nano) when given. */
function logOptions<F extends boolean>(follow: F, since: string | undefined): Dockerode.ContainerLogsOptions & { follow: F } {
  return {
    follow,
    stdout: true,
    stderr: true,
    timestamps: true,
    // dockerode types `since` as a number; the API takes "seconds.nanoseconds".
    ...(since === undefined ? {} : { since: toSince(since) as unknown as number }),
  };
}

/**
 * Follows the logs of the selected containers live through the Docker Engine API and picks up
 * containers that start later from `/events`. Each chunk's new lines are handed over inside a
 * checkpoint commit, so after a crash the stream resumes exactly after the last handled line.
 * On an engine or stream failure it reports a typed error and reconnects with capped back-off.
 */
export class DockerLogSource {
  readonly #docker: Dockerode;
  readonly #listener: LogSourceListener;
  readonly #store: CheckpointStore;
  readonly #select: ContainerSelector;
  readonly #maxBackoffMs: number;
  readonly #catchUpMaxLines: number;
  readonly #now: () => number;
  /** Containers that ran after this time without being followed are read once (see options). */
  #unfollowedSince: string | undefined;
  /** Containers that started again while their last stream was still being read. */
  readonly #startedAgain = new Set<string>();
  /** Followed streams; `undefined` while a follow is being set up. */
  readonly #following = new Map<string, Readable | undefined>();
  /** The cursor of each container's current (or last) stream. */
  readonly #filters = new Map<string, CursorFilter>();
  /** Consecutive failed catch-ups per container (checkpoint store full, engine hiccup). */
  readonly #retries = new Map<string, { failures: number; timer?: NodeJS.Timeout | undefined }>();
  /** Errors reported, by code. */
  readonly errors: Record<string, number> = {};
  #events: Readable | undefined;
  #eventLines = new EventLines();
  #stopped = true;
  #failures = 0;
  #timer: NodeJS.Timeout | undefined;
  #connected = false;

  constructor(options: DockerLogSourceOptions) {
    this.#docker = options.docker;
    this.#listener = options.listener;
    this.#store = options.checkpoints;
    this.#select = options.select ?? (() => true);
    this.#maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.#catchUpMaxLines = options.catchUpMaxLines ?? 100_000;
    this.#now = options.now ?? Date.now;
    this.#unfollowedSince = options.resumeAfter;
  }

  /**
   * Runs `work` (the listener releasing held lines, say after a quiet gap) and saves the
   * container's checkpoint with it, in one commit.
   */
  async settle(container: string, work: () => void): Promise<void> {
    const filter = this.#filters.get(container);
    if (filter === undefined) {
      work();
      return;
    }
    await this.#store.commit(container, () => {
      work();
      return filter.durableCheckpoint(this.#listener.held?.(container));
    });
  }

  /** Names of the containers being followed now. */
  get following(): string[] {
    return [...this.#following.keys()];
  }

  /** True while the engine's event stream is up. */
  get connected(): boolean {
    return this.#connected;
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
    this.#timer = undefined;
    this.#events?.destroy();
    this.#events = undefined;
    for (const stream of this.#following.values()) stream?.destroy();
    this.#following.clear();
    for (const retry of this.#retries.values()) if (retry.timer) clearTimeout(retry.timer);
    this.#retries.clear();
    return Promise.resolve();
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    try {
      // Subscribe before listing: /events?since= replays little, so a start between the two
      // would otherwise be missed.
      const events = (await this.#docker.getEvents({
        filters: { type: ['container'], event: ['start', 'destroy'] },
      })) as unknown as Readable;
      this.#events = events;
      this.#eventLines = new EventLines();
      events.on('data', (chunk: Buffer) => this.#onEvents(chunk));
      events.on('error', (error: Error) => this.#fail('DLG_ERR_STREAM', 'event stream failed', error));
      events.on('end', () => this.#fail('DLG_ERR_STREAM', 'event stream ended (engine stopped?)'));
      // Stopped containers too: one that ended while nobody followed it still holds the lines
      // that explain why it ended.
      const containers = await this.#docker.listContainers({ all: true });
      this.#failures = 0;
      this.#setConnected(true);
      const present = new Set<string>();
      for (const info of containers) {
        const name = containerName(info.Names[0] ?? info.Id);
        present.add(name);
        if (this.#select(name, info.Labels ?? {})) await this.#follow(info.Id, name, false);
      }
      await this.#forgetRemoved(present);
    } catch (error) {
      this.#fail('DLG_ERR_UNREACHABLE', 'Docker Engine not reachable', error);
    }
  }

  #onEvents(chunk: Buffer): void {
    for (const line of this.#eventLines.push(chunk)) {
      let event: { Action?: string; id?: string; Actor?: { Attributes?: Record<string, string> } };
      try {
        event = JSON.parse(line) as typeof event;
      } catch (error) {
        this.#report(new DockerLogsError('DLG_ERR_EVENT', 'unreadable event from /events', { cause: error }));
        continue;
      }
      const attributes = event.Actor?.Attributes ?? {};
      const name = attributes['name'];
      if (name === undefined || event.id === undefined) continue;
      if (event.Action === 'start' && this.#select(name, attributes)) {
        // Still reading its last run: read again once that is done, or this run is missed.
        if (this.#following.has(name)) this.#startedAgain.add(name);
        else void this.#follow(event.id, name, true);
      }
      if (event.Action === 'destroy') {
        this.#filters.delete(name);
        void this.#forget(name);
      }
    }
  }

  /** Checkpoints of containers removed while nobody followed them: said once, then dropped. */
  async #forgetRemoved(present: ReadonlySet<string>): Promise<void> {
    for (const name of await this.#store.checkpointed()) {
      if (present.has(name) || this.#stopped) continue;
      const at = lastReadAt(await this.#store.load(name));
      const read = at === undefined ? 'none of its lines had been read to the end of a record' : `the last line read was written at ${at}`;
      this.#report(new DockerLogsError('DLG_ERR_GONE', `${name} was removed before its last lines could be read; ${read}`, { container: name }));
      await this.#forget(name);
    }
  }

  /** Whether a stopped container without a checkpoint ran while nobody followed it. */
  #ranUnfollowed(state: RunState): boolean {
    const since = this.#unfollowedSince;
    if (since === undefined) return false;
    return [state.StartedAt, state.FinishedAt].some((t) => t !== undefined && compareTimes(t, since) > 0);
  }

  async #forget(name: string): Promise<void> {
    try {
      await this.#store.delete(name);
    } catch (error) {
      this.#report(new DockerLogsError('DLG_ERR_CHECKPOINT', `cannot delete checkpoint of ${name}`, { cause: error }));
    }
  }

  /**
   * Reads a container's logs from its checkpoint: followed while it runs; read once to the end
   * when it has stopped and either has a checkpoint, was seen starting (`live`) or ran while
   * nobody followed it (then at most `catchUpMaxLines`, the last ones).
   */
  async #follow(id: string, name: string, live: boolean): Promise<void> {
    if (this.#following.has(name) || this.#stopped) return;
    // Reserve the name at once: a start event and the listing may race.
    this.#following.set(name, undefined);
    try {
      const container = this.#docker.getContainer(id);
      const info = await container.inspect();
      const saved = await this.#store.load(name);
      const state = info.State as RunState;
      if (!state.Running && saved === undefined && !live && !this.#ranUnfollowed(state)) {
        this.#following.delete(name);
        return;
      }
      const filter = new CursorFilter(saved);
      this.#filters.set(name, filter);
      const since = CursorFilter.since(filter.checkpoint);
      let stream: Readable;
      let cap: number | undefined;
      if (state.Running) {
        stream = (await container.logs(logOptions(true, since))) as unknown as Readable;
      } else {
        // The engine would end a follow of a stopped container at once anyway; one plain read
        // to its end, as one chunk, goes through the same splitting and commits.
        cap = saved === undefined && !live ? this.#catchUpMaxLines : undefined;
        // One line more than the bound tells a cut log from one exactly that long.
        const options = cap === undefined ? logOptions(false, since) : { ...logOptions(false, since), tail: cap + 1 };
        stream = Readable.from([(await container.logs(options)) as unknown as Buffer]);
      }
      if (this.#stopped) {
        stream.destroy();
        return;
      }
      this.#following.set(name, stream);
      this.#pipe(name, id, stream, info.Config.Tty, filter, state.Running ? undefined : { cap });
    } catch (error) {
      this.#following.delete(name);
      this.#report(new DockerLogsError('DLG_ERR_STREAM', `cannot follow ${name}`, { cause: error }));
    }
  }

  /**
   * Reads what a follow stream may have missed when it ended (the engine can end a follow
   * stream of a stopping container before sending everything): one non-follow read from the
   * cursor. Returns whether the container is still running.
   */
  async #catchUp(id: string, tty: boolean, feed: (stream: StreamName, bytes: Buffer, frameStart: boolean) => void, filter: CursorFilter): Promise<boolean> {
    const container = this.#docker.getContainer(id);
    const since = CursorFilter.since(filter.checkpoint);
    filter.rewind();
    const bytes = (await container.logs(logOptions(false, since))) as unknown as Buffer;
    if (tty) feed('stdout', bytes, false);
    else for (const piece of new FrameDemuxer().push(bytes)) feed(piece.stream, piece.payload, piece.frameStart);
    const info = await container.inspect();
    return info.State.Running;
  }

  /**
   * Splits, filters and commits one container stream. `once` marks a stopped container's
   * single read (no catch-up after it), with the most lines to keep.
   */
  #pipe(name: string, id: string, stream: Readable, tty: boolean, filter: CursorFilter, once?: { cap: number | undefined }): void {
    const demux = new FrameDemuxer();
    const newSplitters = (): Record<StreamName, LineSplitter> => ({
      stdout: new LineSplitter({ timestamps: true }),
      stderr: new LineSplitter({ timestamps: true }),
    });
    let splitters = newSplitters();
    let pending: ContainerLogLine[] = [];
    const collect = (streamName: StreamName, raws: Buffer[]): void => {
      for (const raw of raws) {
        const parts = splitTimestamp(raw.toString('utf8'));
        if (parts === undefined) {
          this.#report(new DockerLogsError('DLG_ERR_STREAM', `line without timestamp from ${name}`));
          continue;
        }
        if (filter.accept(parts.time, streamName, parts.text)) {
          pending.push({ container: name, stream: streamName, time: parts.time, text: parts.text });
        }
      }
    };
    // One commit per chunk; the stream is paused while it runs (back-pressure).
    const deliver = async (): Promise<void> => {
      if (pending.length === 0) return;
      let batch = pending;
      pending = [];
      // A capped read arrives as one chunk, so this sees all of it.
      const cap = once?.cap;
      if (cap !== undefined && batch.length > cap) {
        batch = batch.slice(batch.length - cap);
        this.#report(new DockerLogsError('DLG_ERR_CATCH_UP_CUT', `${name} ran while nobody followed it and wrote more than ${cap} lines; read the last ${cap}`, { container: name }));
      }
      await this.#store.commit(name, () => {
        this.#listener.lines(name, batch);
        return filter.durableCheckpoint(this.#listener.held?.(name));
      });
      // A commit that worked ends a run of failures: the next one backs off from the start.
      this.#retries.delete(name);
    };
    let chain = Promise.resolve();
    const enqueue = (fn: () => Promise<void>): void => {
      stream.pause();
      chain = chain
        .then(fn)
        .catch((error: unknown) => {
          this.#report(new DockerLogsError('DLG_ERR_CHECKPOINT', `cannot commit lines of ${name}`, { cause: error }));
          this.#listener.rolledBack?.(name);
          stream.destroy();
        })
        .finally(() => {
          if (!stream.destroyed) stream.resume();
        });
    };
    stream.on('data', (chunk: Buffer) => {
      if (this.#stopped) return;
      try {
        if (tty) collect('stdout', splitters.stdout.push(chunk));
        else {
          for (const piece of demux.push(chunk)) {
            collect(piece.stream, splitters[piece.stream].push(piece.payload, piece.frameStart));
          }
        }
      } catch (error) {
        this.#report(new DockerLogsError('DLG_ERR_FRAME', `bad frame from ${name}`, { cause: error }));
        stream.destroy();
        return;
      }
      enqueue(deliver);
    });
    let ended = false;
    const done = (): void => {
      if (ended) return;
      ended = true;
      enqueue(async () => {
        // Stopped: what was not committed is read again next time from the checkpoint.
        if (this.#stopped) return;
        let running = false;
        let failed = false;
        try {
          // What is pending first (its commit may fail too: then the retry reads it again).
          await deliver();
          if (once === undefined) {
            // Lines the follow stream did not send are read again from the cursor; the filter
            // drops what was already delivered. A partial last line is re-read whole.
            splitters = newSplitters();
            running = await this.#catchUp(id, tty, (s, bytes, frameStart) => collect(s, splitters[s].push(bytes, frameStart)), filter);
          } else {
            running = (await this.#docker.getContainer(id).inspect()).State.Running;
          }
          // An unterminated last line is final only once the container has stopped; while it
          // runs, the line is still being written and the next follow reads it whole.
          if (!running) {
            collect('stdout', splitters.stdout.end());
            collect('stderr', splitters.stderr.end());
          }
          await deliver();
          this.#retries.delete(name);
        } catch (error) {
          failed = true;
          this.#report(new DockerLogsError('DLG_ERR_STREAM', `cannot catch up on ${name}`, { cause: error }));
          // The follow that retries reads everything past the saved checkpoint again.
          this.#listener.rolledBack?.(name);
        }
        if (this.#following.get(name) === stream) this.#following.delete(name);
        // Started again while this stream was read: its new run is read from the checkpoint.
        if (this.#startedAgain.delete(name)) running = true;
        if (failed && !this.#stopped) {
          // Nothing past the checkpoint is lost (it is read again), but the container must not
          // be dropped either: found with the state directory full, when a failed catch-up
          // stopped the monitor following a running container for good. Retry with back-off.
          const retry = this.#retries.get(name) ?? { failures: 0 };
          retry.timer = setTimeout(() => {
            retry.timer = undefined;
            void this.#follow(id, name, true);
          }, backoffDelay(retry.failures++, this.#maxBackoffMs));
          this.#retries.set(name, retry);
        } else if (running && !this.#stopped) void this.#follow(id, name, true);
        else this.#listener.streamEnded?.(name);
      });
    };
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', (error: Error) => {
      this.#report(new DockerLogsError('DLG_ERR_STREAM', `log stream of ${name} failed`, { cause: error }));
      done();
    });
  }

  #setConnected(up: boolean): void {
    if (this.#connected === up) return;
    this.#connected = up;
    this.#listener.connection?.(up);
  }

  #report(error: DockerLogsError): void {
    this.errors[error.code] = (this.errors[error.code] ?? 0) + 1;
    this.#listener.error(error);
  }

  #fail(code: DockerLogsErrorCode, message: string, cause?: unknown): void {
    if (this.#stopped || this.#timer !== undefined) return;
    // Containers that start and end before the connection is back are read when it is. The
    // margin covers the time the loss took to show.
    if (this.#connected) this.#unfollowedSince = new Date(this.#now() - 10_000).toISOString();
    this.#setConnected(false);
    this.#report(new DockerLogsError(code, message, cause === undefined ? {} : { cause }));
    this.#events?.destroy();
    this.#events = undefined;
    const delay = backoffDelay(this.#failures++, this.#maxBackoffMs);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#connect();
    }, delay);
  }
}
