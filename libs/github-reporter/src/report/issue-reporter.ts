import type { ComposeOptions } from '../compose/issue-composer';
import type { IssueEvent, OutageRecovery } from '../compose/issue-event';
import type { ReporterError } from '../errors';
import { ErrorSink } from './error-sink';
import { IssueTracker, type ObserveResult, type Severity } from './issue-tracker';
import { OutboxDrainer, type DrainResult } from './outbox-drainer';
import { ClusterDigests } from './cluster-digests';
import type { Clock, IssueCoordinator, IssuesApi, OccurrenceLedger, ReporterStore } from './ports';

export interface IssueReporterOptions {
  readonly api: IssuesApi;
  readonly store: ReporterStore;
  readonly clock: Clock;
  readonly owner: string;
  readonly repo: string;
  /** Lowest severity that gets an issue (`ERROR_SEVERITY_THRESHOLD`). */
  readonly threshold: Severity;
  /** At most one digest comment per issue per this many ms (`REPORT_COMMENT_INTERVAL`). */
  readonly commentIntervalMs: number;
  /** How often a recurring issue's state is re-read (to reopen one closed as completed). */
  readonly syncIntervalMs?: number;
  /** Nonces for write-ahead intents. */
  readonly nonce: () => string;
  readonly compose?: ComposeOptions;
  /** Back-off cap for failed operations. */
  readonly maxBackoffMs?: number;
  /** How long a create's outcome stays uncertain (see `OutboxDrainerOptions`). */
  readonly uncertainForMs?: number;
  /** Told about every failure (never thrown). */
  readonly onError?: (error: ReporterError) => void;
  /** With several hosts: the shared issue index and create lease (`STATE_REDIS_URL`). */
  readonly coordinator?: IssueCoordinator;
  /** This host (`MONITOR_HOST_ID`), as issues name it. */
  readonly hostId?: string;
  /** With several hosts: every host's counts, so one digest tells them all (needs `hostId`). */
  readonly ledger?: OccurrenceLedger;
}

/**
 * Files one GitHub issue per fingerprint, exactly once: an `IssueTracker` decides what GitHub
 * must hear and queues it in the durable outbox; an `OutboxDrainer` sends it. Recurrences
 * become digest comments at most once per interval; an issue closed as completed is reopened;
 * one closed as not planned only counts.
 */
export class IssueReporter {
  readonly #tracker: IssueTracker;
  readonly #drainer: OutboxDrainer;
  readonly #errors: ErrorSink;
  readonly #store: ReporterStore;
  readonly #digests: ClusterDigests | undefined;

  constructor(options: IssueReporterOptions) {
    this.#store = options.store;
    const { api, owner, repo, maxBackoffMs, uncertainForMs, onError, coordinator, hostId, ledger, ...tracking } = options;
    this.#digests =
      ledger === undefined || hostId === undefined
        ? undefined
        : new ClusterDigests({ store: options.store, clock: options.clock, ledger, hostId, commentIntervalMs: options.commentIntervalMs, ...(options.compose === undefined ? {} : { compose: options.compose }) });
    this.#errors = new ErrorSink(onError);
    this.#tracker = new IssueTracker(tracking);
    this.#drainer = new OutboxDrainer({
      api,
      store: options.store,
      clock: options.clock,
      owner,
      repo,
      errors: this.#errors,
      ...(options.compose === undefined ? {} : { compose: options.compose }),
      ...(maxBackoffMs === undefined ? {} : { maxBackoffMs }),
      ...(uncertainForMs === undefined ? {} : { uncertainForMs }),
      ...(coordinator === undefined ? {} : { coordinator }),
      ...(hostId === undefined ? {} : { hostId }),
    });
  }

  /** Errors by code. */
  get errors(): Readonly<Record<string, number>> {
    return this.#errors.counts;
  }

  /** The last failure's message. */
  get lastError(): string | undefined {
    return this.#errors.last;
  }

  /** Records one event (no I/O): queues a create, or counts a recurrence. */
  observe(event: IssueEvent): ObserveResult {
    return this.#tracker.observe(event);
  }

  /** Records a batch of events in one transaction (see `IssueTracker.observeAll`). */
  observeAll(events: readonly IssueEvent[]): ObserveResult[] {
    return this.#tracker.observeAll(events);
  }

  /** An outage is over: queues its recovery comment and the close (see `IssueTracker.resolve`). */
  resolve(fingerprint: string, recovery: OutageRecovery): boolean {
    return this.#tracker.resolve(fingerprint, recovery);
  }

  /**
   * Issues of outages not closed yet (a dependency that could not be reached, a container
   * incident), for a monitor that starts again to resolve them on recovery.
   */
  openOutages(): Array<{ fingerprint: string; subject: string; firstSeen: string }> {
    return this.#store
      .listTracked()
      .filter((t) => (t.status === 'open' || t.status === 'pending' || t.status === 'reopening') && (t.sample.dependency?.failure === 'unreachable' || t.type.startsWith('container_')))
      .map((t) => ({ fingerprint: t.fingerprint, subject: t.sample.container, firstSeen: t.firstSeen }));
  }

  /**
   * Queues digest comments that are due (call every `MONITORING_INTERVAL`). With a ledger,
   * writes this host's counts to it first and posts only the digests it claims.
   */
  async tick(): Promise<number> {
    return this.#digests === undefined ? this.#tracker.tick() : this.#digests.tick();
  }

  /** Rebuilds the fingerprint → issue index from GitHub when the store is new. */
  rebuildIndex(): Promise<number> {
    return this.#drainer.rebuildIndex();
  }

  /** Sends queued operations in order until the outbox is empty or the head must wait. */
  drain(): Promise<DrainResult> {
    return this.#drainer.drain();
  }
}
