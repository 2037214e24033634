import Dockerode from 'dockerode';
import {
  ContainerStateWatcher,
  DockerLogSource,
  EngineEvents,
  InMemoryCheckpointStore,
  type ContainerEvent,
  type ContainerLogLine,
  type ContainerSample,
  type DockerLogSourceOptions,
  type DockerLogsError,
} from '../../src';

/** Follows the named containers in-process and keeps everything it is told. */
export class Collector {
  readonly lines: ContainerLogLine[] = [];
  readonly events: ContainerEvent[] = [];
  readonly samples: ContainerSample[][] = [];
  readonly errors: DockerLogsError[] = [];
  readonly ended: string[] = [];
  readonly docker = new Dockerode({ socketPath: '/var/run/docker.sock' });
  readonly source: DockerLogSource;
  readonly watcher: ContainerStateWatcher;
  /** One `/events` subscription for both, as the monitor runs them. */
  readonly engine: EngineEvents;

  constructor(
    names: readonly string[],
    intervalMs = 1000,
    options: Pick<DockerLogSourceOptions, 'resumeAfter' | 'catchUpMaxLines'> & { checkpoints?: InMemoryCheckpointStore } = {},
  ) {
    const select = (name: string): boolean => names.includes(name);
    const { checkpoints = new InMemoryCheckpointStore(), ...catchUp } = options;
    this.engine = new EngineEvents({ docker: this.docker, error: (e) => void this.errors.push(e) });
    this.source = new DockerLogSource({
      docker: this.docker,
      events: this.engine,
      checkpoints,
      ...catchUp,
      select,
      listener: {
        lines: (_c, lines) => void this.lines.push(...lines),
        streamEnded: (c) => void this.ended.push(c),
        error: (e) => void this.errors.push(e),
      },
    });
    this.watcher = new ContainerStateWatcher({
      docker: this.docker,
      events: this.engine,
      select,
      intervalMs,
      listener: {
        event: (e) => void this.events.push(e),
        sample: (s) => void this.samples.push([...s]),
        error: (e) => void this.errors.push(e),
      },
    });
  }

  async start(): Promise<this> {
    await this.source.start();
    await this.watcher.start();
    await this.engine.start();
    return this;
  }

  async stop(): Promise<void> {
    await this.source.stop();
    await this.watcher.stop();
    this.engine.stop();
  }

  linesOf(container: string, stream?: string): string[] {
    return this.lines.filter((l) => l.container === container && (stream === undefined || l.stream === stream)).map((l) => l.text);
  }
}
