import type { ContainerEvent, ContainerSample, LogSourceListener } from '@safework/docker-logs';
import type { DrainResult, IssueEvent, ObserveResult, OutageRecovery } from '@safework/github-reporter';
import type { ContainerFacts } from '../incidents/incident-detector';

/*
 * The pipeline's ports. Adapters: `DockerIngest` (adapters/), `IssueReporter`
 * (@safework/github-reporter), `SqliteStateStore` (@safework/state-store), `RotatingFile`
 * (logging/). In-memory ones beside them drive `monitor.spec.ts`.
 */

/** What ingest tells the pipeline: each container's lines, and its life (events, samples). */
export interface IngestListener extends LogSourceListener {
  containerEvent(event: ContainerEvent): void;
  samples(samples: readonly ContainerSample[]): void;
}

/** Port: the containers' log lines (with exactly-once checkpoints) and life events. */
export interface LogSource {
  /** Starts delivering to `listener`; resolves once the first connection attempt is done. */
  start(listener: IngestListener): Promise<void>;
  stop(): Promise<void>;
  /** Runs `work` and saves the container's checkpoint with it, in one commit. */
  settle(container: string, work: () => void): Promise<void>;
  /** The containers followed now. */
  readonly following: readonly string[];
  /** Samples every container now (and tells `samples`). */
  sampleNow(): Promise<unknown>;
  /** A container's inspect figures right now; undefined when it cannot be read. */
  facts(container: string): Promise<ContainerFacts | undefined>;
}

/** Port: where events at or above the threshold go (`IssueReporter` fits). */
export interface Reporter {
  observe(event: IssueEvent): ObserveResult;
  /** A batch in one transaction, as `observe` one by one. */
  observeAll(events: readonly IssueEvent[]): ObserveResult[];
  /** Queues due digests (with several hosts, after writing this host's counts). */
  tick(): Promise<number>;
  /** An outage is over: one recovery comment, then closed as completed. False when no open issue. */
  resolve(fingerprint: string, recovery: OutageRecovery): boolean;
  /** A deploy: one line on each open issue of the container. */
  noteDeploy(deploy: { readonly container: string; readonly fromImage: string; readonly toImage: string; readonly at: string }): number;
  /** Issues filed (or being filed) for an outage and not closed: a dependency failure or a container incident. */
  openOutages(): Array<{ fingerprint: string; subject: string; firstSeen: string }>;
  drain(): Promise<DrainResult>;
  readonly lastError: string | undefined;
  readonly errors: Readonly<Record<string, number>>;
}

/** Port: a line-oriented log file (`RotatingFile` fits). */
export interface LineSink {
  write(text: string): void;
}
