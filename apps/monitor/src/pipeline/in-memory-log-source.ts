import type { ContainerEvent, ContainerLogLine, ContainerSample, DockerLogsError } from '@safework/docker-logs';
import type { ContainerFacts } from '../incidents/incident-detector';
import type { IngestListener, LogSource } from './ports';

/**
 * `LogSource` in memory, for unit tests of the pipeline: a test writes a container's lines,
 * ends its stream, sends its events and samples, as the Docker adapter would deliver them.
 */
export class InMemoryLogSource implements LogSource {
  readonly containerFacts = new Map<string, ContainerFacts>();
  readonly #following = new Set<string>();
  #listener: IngestListener | undefined;
  #samples: readonly ContainerSample[] = [];
  /** What `held` said after each delivery, by container: what a checkpoint would stop short of. */
  readonly held: Array<{ container: string; stdout: number; stderr: number }> = [];

  get following(): readonly string[] {
    return [...this.#following];
  }

  start(listener: IngestListener): Promise<void> {
    this.#listener = listener;
    listener.connection?.(true);
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.#listener = undefined;
    return Promise.resolve();
  }

  settle(_container: string, work: () => void): Promise<void> {
    work();
    return Promise.resolve();
  }

  sampleNow(): Promise<unknown> {
    this.#listener?.samples(this.#samples);
    return Promise.resolve(this.#samples);
  }

  facts(container: string): Promise<ContainerFacts | undefined> {
    return Promise.resolve(this.containerFacts.get(container));
  }

  /** Each container's service (replicas share one); a container is its own service unless set. */
  readonly services = new Map<string, string>();

  /** Delivers lines of one container (stdout unless said), stamped `time`. */
  write(container: string, time: string, ...lines: Array<string | { stream: 'stdout' | 'stderr'; text: string }>): void {
    const listener = this.#need();
    this.#following.add(container);
    const service = this.services.get(container) ?? container;
    const delivered: ContainerLogLine[] = lines.map((l) => (typeof l === 'string' ? { container, service, stream: 'stdout', time, text: l } : { container, service, time, ...l }));
    listener.lines(container, delivered);
    const held = listener.held?.(container) ?? {};
    this.held.push({ container, stdout: held.stdout ?? 0, stderr: held.stderr ?? 0 });
  }

  /** The container's stream ended (it stopped). */
  end(container: string): void {
    this.#following.delete(container);
    this.#need().streamEnded?.(container);
  }

  event(event: ContainerEvent): void {
    this.#need().containerEvent(event);
  }

  /** The samples `sampleNow` reports from now on; reports them at once. */
  sample(samples: readonly ContainerSample[]): void {
    this.#samples = samples;
    this.#need().samples(samples);
  }

  fail(error: DockerLogsError): void {
    this.#need().error(error);
  }

  #need(): IngestListener {
    if (this.#listener === undefined) throw new Error('the source was not started');
    return this.#listener;
  }
}
