import type Dockerode from 'dockerode';
import type { Readable } from 'node:stream';
import { DockerLogsError, type DockerLogsErrorCode } from '../errors';
import type { ContainerSelector } from '../source/container-selector';
import { EventLines, backoffDelay } from '../source/engine-connection';
import { toSnapshot, type ContainerSnapshot } from './container-snapshot';
import { resourceUsage, type RawStats, type ResourceUsage } from './resource-usage';

/** Container life-cycle events the monitor acts on. */
export type ContainerAction = 'start' | 'die' | 'oom' | 'health_status' | 'restart' | 'destroy';

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
  readonly maxBackoffMs?: number;
}

const ACTIONS: readonly ContainerAction[] = ['start', 'die', 'oom', 'health_status', 'restart', 'destroy'];

function nanoTime(timeNano: number | undefined, time: number | undefined): string {
  if (timeNano === undefined) return new Date((time ?? 0) * 1000).toISOString();
  const ns = BigInt(timeNano);
  const ms = Number(ns / 1_000_000n);
  const iso = new Date(ms).toISOString().replace(/\.\d{3}Z$/, '');
  return `${iso}.${String(ns % 1_000_000_000n).padStart(9, '0')}Z`;
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
  readonly #maxBackoffMs: number;
  readonly #previous = new Map<string, RawStats>();
  readonly errors: Record<string, number> = {};
  #events: Readable | undefined;
  #eventLines = new EventLines();
  #timer: NodeJS.Timeout | undefined;
  #sampler: NodeJS.Timeout | undefined;
  #stopped = true;
  #failures = 0;
  #sampling = false;

  constructor(options: ContainerStateWatcherOptions) {
    this.#docker = options.docker;
    this.#listener = options.listener;
    this.#select = options.select ?? (() => true);
    this.#intervalMs = options.intervalMs;
    this.#maxBackoffMs = options.maxBackoffMs ?? 5000;
  }

  async start(): Promise<void> {
    this.#stopped = false;
    await this.#connect();
    this.#sampler = setInterval(() => void this.sampleNow(), this.#intervalMs);
  }

  stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#sampler) clearInterval(this.#sampler);
    this.#timer = undefined;
    this.#sampler = undefined;
    this.#events?.destroy();
    this.#events = undefined;
    return Promise.resolve();
  }

  /** Samples inspect and stats of every selected container now. */
  async sampleNow(): Promise<readonly ContainerSample[]> {
    if (this.#sampling) return [];
    this.#sampling = true;
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
    } finally {
      this.#sampling = false;
    }
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    try {
      const events = (await this.#docker.getEvents({
        filters: { type: ['container'], event: [...ACTIONS] },
      })) as unknown as Readable;
      this.#events = events;
      this.#eventLines = new EventLines();
      events.on('data', (chunk: Buffer) => this.#onData(chunk));
      events.on('error', (error: Error) => this.#fail('event stream failed', error));
      events.on('end', () => this.#fail('event stream ended (engine stopped?)'));
      this.#failures = 0;
      this.#listener.connection?.(true);
    } catch (error) {
      this.#fail('Docker Engine not reachable', error);
    }
  }

  #onData(chunk: Buffer): void {
    if (this.#stopped) return;
    for (const line of this.#eventLines.push(chunk)) {
      let raw: { Action?: string; id?: string; time?: number; timeNano?: number; Actor?: { Attributes?: Record<string, string> } };
      try {
        raw = JSON.parse(line) as typeof raw;
      } catch (error) {
        this.#report('DLG_ERR_EVENT', 'unreadable event from /events', error);
        continue;
      }
      const attributes = raw.Actor?.Attributes ?? {};
      const name = attributes['name'];
      const [action, detail] = (raw.Action ?? '').split(': ');
      if (name === undefined || raw.id === undefined || !ACTIONS.includes(action as ContainerAction)) continue;
      if (!this.#select(name, attributes)) continue;
      const base = { container: name, id: raw.id, action: action as ContainerAction, time: nanoTime(raw.timeNano, raw.time) };
      if (action === 'die') {
        this.#listener.event({ ...base, exitCode: Number(attributes['exitCode'] ?? -1) });
      } else if (action === 'health_status' && (detail === 'healthy' || detail === 'unhealthy')) {
        this.#listener.event({ ...base, health: detail });
      } else {
        this.#listener.event(base);
      }
    }
  }

  #report(code: DockerLogsErrorCode, message: string, cause?: unknown): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
    this.#listener.error(new DockerLogsError(code, message, cause === undefined ? {} : { cause }));
  }

  #fail(message: string, cause?: unknown): void {
    if (this.#stopped || this.#timer !== undefined) return;
    this.#listener.connection?.(false);
    this.#report(cause === undefined ? 'DLG_ERR_STREAM' : 'DLG_ERR_UNREACHABLE', message, cause);
    this.#events?.destroy();
    this.#events = undefined;
    const delay = backoffDelay(this.#failures++, this.#maxBackoffMs);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#connect();
    }, delay);
  }
}
