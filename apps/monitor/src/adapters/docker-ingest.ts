import type Dockerode from 'dockerode';
import { ContainerStateWatcher, DockerLogSource, EngineEvents, toSnapshot, type CheckpointStore, type ContainerSelector } from '@safework/docker-logs';
import { factsOf, type ContainerFacts } from '../incidents/incident-detector';
import type { IngestListener, LogSource } from '../pipeline/ports';

export interface DockerIngestOptions {
  readonly docker: Dockerode;
  readonly checkpoints: CheckpointStore;
  readonly select: ContainerSelector;
  /** Inspect and stats every this many ms (`MONITORING_INTERVAL`). */
  readonly intervalMs: number;
  /** The monitor's last heartbeat: containers that ran since then unfollowed are read. */
  readonly resumeAfter?: string;
  readonly catchUpMaxLines: number;
}

/**
 * The pipeline's `LogSource` on a real Docker Engine: docker-logs' `DockerLogSource` for the
 * lines and `ContainerStateWatcher` for the containers' life, on one `/events` subscription.
 */
export class DockerIngest implements LogSource {
  readonly #o: DockerIngestOptions;
  #running: { events: EngineEvents; source: DockerLogSource; watcher: ContainerStateWatcher } | undefined;

  constructor(options: DockerIngestOptions) {
    this.#o = options;
  }

  get following(): readonly string[] {
    return this.#running?.source.following ?? [];
  }

  async start(listener: IngestListener): Promise<void> {
    const { docker, checkpoints, select, intervalMs, resumeAfter, catchUpMaxLines } = this.#o;
    const events = new EngineEvents({ docker, error: (error) => listener.error(error) });
    const source = new DockerLogSource({ docker, events, checkpoints, select, catchUpMaxLines, listener, ...(resumeAfter === undefined ? {} : { resumeAfter }) });
    const watcher = new ContainerStateWatcher({
      docker,
      events,
      select,
      intervalMs,
      listener: { event: (e) => listener.containerEvent(e), sample: (s) => listener.samples(s), error: (e) => listener.error(e) },
    });
    this.#running = { events, source, watcher };
    await source.start();
    await watcher.start();
    await events.start();
  }

  async stop(): Promise<void> {
    if (this.#running === undefined) return;
    const { events, source, watcher } = this.#running;
    await source.stop();
    await watcher.stop();
    events.stop();
  }

  settle(container: string, work: () => void): Promise<void> {
    if (this.#running === undefined) {
      work();
      return Promise.resolve();
    }
    return this.#running.source.settle(container, work);
  }

  async sampleNow(): Promise<unknown> {
    return this.#running?.watcher.sampleNow();
  }

  async facts(container: string): Promise<ContainerFacts | undefined> {
    try {
      return factsOf(toSnapshot(await this.#o.docker.getContainer(container).inspect()));
    } catch {
      return undefined;
    }
  }
}
