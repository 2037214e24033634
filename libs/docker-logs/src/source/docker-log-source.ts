import type Dockerode from 'dockerode';
import type { Readable } from 'node:stream';
import { lastReadAt, type CheckpointStore } from '../checkpoint/checkpoint-store';
import { CursorFilter } from '../checkpoint/cursor-filter';
import { DockerLogsError } from '../errors';
import { backoffDelay } from '../events/backoff';
import { EngineEvents, type EngineEvent } from '../events/engine-events';
import { CatchUpPolicy, type RunState } from './catch-up-policy';
import { containerName, type ContainerSelector } from './container-selector';
import { pipeContainerStream, type StreamOutcome } from './container-stream';
import { engineAddress, followLogs, readToEnd, type EngineAddress } from './log-requests';
import { logOptions } from './log-options';
import type { DockerLogSourceOptions } from './docker-log-source-options';
import type { LogSourceListener } from './log-source-listener';
import { serviceIdentity } from './service-identity';

export type { DockerLogSourceOptions };

/**
 * Follows the logs of the selected containers live through the Docker Engine API, picks up
 * containers that start later from `/events`, and on every (re)connection first reads what it
 * missed: stopped containers from their checkpoints, and those that ran while nobody followed
 * them. Each chunk's new lines are handed over inside a checkpoint commit, so after a crash
 * the stream resumes exactly after the last handled line.
 */
export class DockerLogSource {
  readonly #docker: Dockerode;
  /** Where follow streams are opened directly (HTTP/1.0); undefined: through dockerode. */
  readonly #address: EngineAddress | undefined;
  readonly #listener: LogSourceListener;
  readonly #store: CheckpointStore;
  readonly #select: ContainerSelector;
  readonly #events: EngineEvents;
  readonly #ownsEvents: boolean;
  readonly #maxBackoffMs: number;
  readonly #catchUp: CatchUpPolicy;
  readonly #now: () => number;
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
  #stopped = true;
  #connected = false;

  constructor(options: DockerLogSourceOptions) {
    this.#docker = options.docker;
    this.#address = engineAddress(options.docker);
    this.#listener = options.listener;
    this.#store = options.checkpoints;
    this.#select = options.select ?? (() => true);
    this.#maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.#catchUp = new CatchUpPolicy({ resumeAfter: options.resumeAfter, maxLines: options.catchUpMaxLines ?? 100_000 });
    this.#now = options.now ?? Date.now;
    this.#ownsEvents = options.events === undefined;
    this.#events = options.events ?? new EngineEvents({ docker: options.docker, error: (e) => this.#report(e), ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }) });
    this.#events.subscribe({
      event: (e) => this.#onEvent(e),
      connected: () => this.#onConnected(),
      disconnected: () => this.#onDisconnected(),
    });
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
    // A shared subscription may be up already: then catch up now.
    if (this.#ownsEvents) await this.#events.start();
    else if (this.#events.connected) await this.#onConnected();
  }

  /** Stops every stream; idempotent. */
  stop(): Promise<void> {
    this.#stopped = true;
    if (this.#ownsEvents) this.#events.stop();
    for (const stream of this.#following.values()) stream?.destroy();
    this.#following.clear();
    for (const retry of this.#retries.values()) if (retry.timer) clearTimeout(retry.timer);
    this.#retries.clear();
    return Promise.resolve();
  }

  /** Lists every container, stopped ones too: one that ended while nobody followed it still holds the lines that explain why. */
  async #onConnected(): Promise<void> {
    if (this.#stopped) return;
    const containers = await this.#docker.listContainers({ all: true });
    this.#setConnected(true);
    const present = new Set<string>();
    for (const info of containers) {
      const name = containerName(info.Names[0] ?? info.Id);
      present.add(name);
      if (this.#select(name, info.Labels ?? {})) await this.#follow(info.Id, name, false);
    }
    await this.#forgetRemoved(present);
  }

  #onDisconnected(): void {
    // Containers that start and end before the connection is back are read when it is. The
    // margin covers the time the loss took to show.
    if (this.#connected) this.#catchUp.lostAt(new Date(this.#now() - 10_000).toISOString());
    this.#setConnected(false);
  }

  #onEvent(event: EngineEvent): void {
    if (this.#stopped) return;
    if (event.action === 'start' && this.#select(event.name, event.attributes)) {
      // Still reading its last run: read again once that is done, or this run is missed.
      if (this.#following.has(event.name)) this.#startedAgain.add(event.name);
      else void this.#follow(event.id, event.name, true);
    }
    if (event.action === 'destroy') {
      this.#filters.delete(event.name);
      this.#startedAgain.delete(event.name);
      void this.#forget(event.name);
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

  async #forget(name: string): Promise<void> {
    try {
      await this.#store.delete(name);
    } catch (error) {
      this.#report(new DockerLogsError('DLG_ERR_CHECKPOINT', `cannot delete checkpoint of ${name}`, { cause: error, container: name }));
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
      const plan = this.#catchUp.plan(info.State as RunState, saved, live);
      if (plan.kind === 'skip') {
        this.#following.delete(name);
        return;
      }
      const filter = new CursorFilter(saved);
      this.#filters.set(name, filter);
      const since = CursorFilter.since(filter.checkpoint);
      // A stopped container: the engine would end a follow at once anyway, so one plain read to
      // its end, as one chunk, goes through the same splitting and commits. One line more than
      // the bound tells a cut log from one exactly that long.
      const stream = plan.kind === 'follow' ? await followLogs(container, this.#address, since) : await readToEnd(container, since, plan.cap);
      if (this.#stopped) {
        stream.destroy();
        return;
      }
      this.#following.set(name, stream);
      pipeContainerStream({
        name,
        service: serviceIdentity(name, info.Config.Labels ?? {}),
        stream,
        tty: info.Config.Tty,
        filter,
        store: this.#store,
        listener: this.#listener,
        ...(plan.kind === 'once' ? { once: { cap: plan.cap } } : {}),
        readFrom: async (from) => (await container.logs(logOptions(false, from))) as unknown as Buffer,
        isRunning: async () => (await container.inspect()).State.Running,
        isStopped: () => this.#stopped,
        report: (error) => this.#report(error),
        // A commit that worked ends a run of failures: the next one backs off from the start.
        committed: () => this.#retries.delete(name),
        finished: (outcome) => this.#finished(id, name, stream, outcome),
      });
    } catch (error) {
      this.#following.delete(name);
      this.#report(new DockerLogsError('DLG_ERR_STREAM', `cannot follow ${name}`, { cause: error, container: name }));
    }
  }

  #finished(id: string, name: string, stream: Readable, outcome: StreamOutcome): void {
    if (this.#following.get(name) === stream) this.#following.delete(name);
    // Started again while this stream was read: its new run is read from the checkpoint.
    const running = this.#startedAgain.delete(name) || outcome.running;
    if (this.#stopped) return;
    if (outcome.failed) {
      // Nothing past the checkpoint is lost (it is read again), but the container must not
      // be dropped either: found with the state directory full, when a failed catch-up
      // stopped the monitor following a running container for good. Retry with back-off.
      const retry = this.#retries.get(name) ?? { failures: 0 };
      retry.timer = setTimeout(() => {
        retry.timer = undefined;
        void this.#follow(id, name, true);
      }, backoffDelay(retry.failures++, this.#maxBackoffMs));
      this.#retries.set(name, retry);
    } else if (running) void this.#follow(id, name, true);
    else this.#listener.streamEnded?.(name);
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
}
