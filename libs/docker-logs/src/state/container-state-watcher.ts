import type Dockerode from 'dockerode';
import { DockerLogsError, type DockerLogsErrorCode } from '../errors';
import { EngineEvents, type ContainerAction, type EngineEvent } from '../events/engine-events';

export type { ContainerAction };
import type { ContainerSelector } from '../source/container-selector';
import { toSnapshot, type ContainerSnapshot } from './container-snapshot';
import { resourceUsage, type RawStats, type ResourceUsage } from './resource-usage';

export interface ContainerEvent {
  readonly container: string;
  readonly id: string;
  readonly action: ContainerAction;
  /** RFC 3339 with nanoseconds. */
  readonly time: string;
  /** With `die`. */
  readonly exitCode?: number;
  /** With `health_status`. */
  readonly health?: 'healthy' | 'unhealthy';
  /** With `kill`: the signal sent (`15` for `docker stop`, `9` for `docker kill`). */
  readonly signal?: number;
}

/** One container at one sampling moment. */
export interface ContainerSample {
  readonly snapshot: ContainerSnapshot;
  /** Only for running containers. */
  readonly usage?: ResourceUsage;
}

export interface StateListener {
  event(event: ContainerEvent): void;
  sample(samples: readonly ContainerSample[]): void;
  error(error: DockerLogsError): void;
  connection?(up: boolean): void;
}

export interface ContainerStateWatcherOptions {
  readonly docker: Dockerode;
  readonly listener: StateListener;
  readonly select?: ContainerSelector;
  /** How often inspect and stats are sampled (`MONITORING_INTERVAL`). */
  readonly intervalMs: number;
  /** The process's one `/events` subscription; without it the watcher opens and owns its own. */
  readonly events?: EngineEvents;
  readonly maxBackoffMs?: number;
}

/**
 * Container state from `/events` (filtered server-side: health checks flood the stream with
 * exec events) and from inspect + one-shot stats every interval — a paused container turns
 * unhealthy in inspect without any event, so sampling is needed too.
 */
export class ContainerStateWatcher {
  readonly #docker: Dockerode;
  readonly #listener: StateListener;
  readonly #select: ContainerSelector;
  readonly #intervalMs: number;
  readonly #previous = new Map<string, RawStats>();
  readonly errors: Record<string, number> = {};
  readonly #events: EngineEvents;
  readonly #ownsEvents: boolean;
  #sampler: NodeJS.Timeout | undefined;
  #stopped = true;
  /** The sample being taken: samples never overlap. */
  #sampling: Promise<readonly ContainerSample[]> | undefined;

  constructor(options: ContainerStateWatcherOptions) {
    this.#docker = options.docker;
    this.#listener = options.listener;
    this.#select = options.select ?? (() => true);
    this.#intervalMs = options.intervalMs;
    this.#ownsEvents = options.events === undefined;
    this.#events = options.events ?? new EngineEvents({ docker: options.docker, error: (e) => this.#count(e), ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }) });
    this.#events.subscribe({
      event: (e) => this.#onEvent(e),
      connected: () => this.#listener.connection?.(true),
      disconnected: () => this.#listener.connection?.(false),
    });
  }

  async start(): Promise<void> {
    this.#stopped = false;
    if (this.#ownsEvents) await this.#events.start();
    // A tick that finds a sample still under way (a slow engine) is skipped, not queued.
    this.#sampler = setInterval(() => {
      if (this.#sampling === undefined) void this.sampleNow();
    }, this.#intervalMs);
  }

  stop(): Promise<void> {
    this.#stopped = true;
    if (this.#ownsEvents) this.#events.stop();
    if (this.#sampler) clearInterval(this.#sampler);
    this.#sampler = undefined;
    return Promise.resolve();
  }

  /**
   * Samples inspect and stats of every selected container now. One already under way is
   * awaited first (samples never overlap), so what this returns was read after the call.
   */
  async sampleNow(): Promise<readonly ContainerSample[]> {
    while (this.#sampling !== undefined) await this.#sampling;
    const sampling = this.#sample();
    this.#sampling = sampling;
    try {
      return await sampling;
    } finally {
      this.#sampling = undefined;
    }
  }

  async #sample(): Promise<readonly ContainerSample[]> {
    try {
      const list = await this.#docker.listContainers({ all: true });
      const samples: ContainerSample[] = [];
      const seen = new Set<string>();
      for (const info of list) {
        const name = (info.Names[0] ?? info.Id).replace(/^\//, '');
        if (!this.#select(name, info.Labels ?? {})) continue;
        seen.add(info.Id);
        try {
          const container = this.#docker.getContainer(info.Id);
          const snapshot = toSnapshot(await container.inspect());
          if (!snapshot.running) {
            samples.push({ snapshot });
            continue;
          }
          // one-shot returns at once with zeroed previous figures: keep our own previous sample.
          const raw = (await container.stats({ stream: false, 'one-shot': true } as { stream: false })) as RawStats;
          samples.push({ snapshot, usage: resourceUsage(raw, this.#previous.get(info.Id)) });
          this.#previous.set(info.Id, raw);
        } catch (error) {
          // A container removed between list and inspect is not an error worth a page.
          if ((error as { statusCode?: number }).statusCode !== 404) {
            this.#report('DLG_ERR_INSPECT', `cannot sample ${name}`, error);
          }
        }
      }
      for (const id of this.#previous.keys()) if (!seen.has(id)) this.#previous.delete(id);
      if (!this.#stopped) this.#listener.sample(samples);
      return samples;
    } catch (error) {
      this.#report('DLG_ERR_UNREACHABLE', 'Docker Engine not reachable for sampling', error);
      return [];
    }
  }

  #onEvent(e: EngineEvent): void {
    if (this.#stopped || !this.#select(e.name, e.attributes)) return;
    const base = { container: e.name, id: e.id, action: e.action, time: e.time };
    if (e.action === 'die') {
      this.#listener.event({ ...base, exitCode: Number(e.attributes['exitCode'] ?? -1) });
    } else if (e.action === 'kill') {
      this.#listener.event({ ...base, signal: Number(e.attributes['signal'] ?? -1) });
    } else if (e.action === 'health_status' && (e.detail === 'healthy' || e.detail === 'unhealthy')) {
      this.#listener.event({ ...base, health: e.detail });
    } else {
      this.#listener.event(base);
    }
  }

  #report(code: DockerLogsErrorCode, message: string, cause?: unknown): void {
    this.#count(new DockerLogsError(code, message, cause === undefined ? {} : { cause }));
  }

  #count(error: DockerLogsError): void {
    this.errors[error.code] = (this.errors[error.code] ?? 0) + 1;
    this.#listener.error(error);
  }
}
