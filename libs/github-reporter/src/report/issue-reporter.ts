import type { ComposeOptions } from '../compose/issue-composer';
import type { IssueEvent, OutageRecovery } from '../compose/issue-event';
import type { ReporterError } from '../errors';
import { ErrorSink } from './error-sink';
import { IssueTracker, type ObserveResult, type Severity } from './issue-tracker';
import { OutboxDrainer, type DrainResult } from './outbox-drainer';
import { composeDeployNote, composeSilenceLifted } from '../compose/issue-composer';
import { ClusterDigests } from './cluster-digests';
import { queuedOp } from './outbox-op';
import type { SharedOutbox } from './shared-outbox';
import { SilenceBook, liftReason, type SilenceStore } from './silences';
import type { Clock, IssueCoordinator, IssuesApi, OccurrenceLedger, ReporterStore, TrackedIssue } from './ports';

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
  /** With several hosts: the outbox they share, so a comment a dead host queued still lands (needs `hostId`). */
  readonly shared?: SharedOutbox;
  /** The operator's silences (the CLI writes them): no digests or reopening until they lift. */
  readonly silences?: SilenceStore;
}

/** An issue filed (or being filed) for an outage and not closed: a dependency that could not be reached, or a container incident. */
export function isOpenOutage(t: TrackedIssue): boolean {
  return (t.status === 'open' || t.status === 'pending' || t.status === 'reopening') && (t.sample.dependency?.failure === 'unreachable' || t.type.startsWith('container_'));
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
  readonly #silences: SilenceBook | undefined;
  readonly #o: IssueReporterOptions;

  constructor(options: IssueReporterOptions) {
    this.#o = options;
    this.#store = options.store;
    const { api, owner, repo, maxBackoffMs, uncertainForMs, onError, coordinator, hostId, ledger, silences, shared, ...tracking } = options;
    const book = silences === undefined ? undefined : new SilenceBook({ store: silences, clock: options.clock });
    this.#silences = book;
    const silenced = book === undefined ? {} : { silenced: (fp: string) => book.isSilenced(fp) };
    // The drainer asks once per operation it sends, so it reads the store each time: a silence
    // set a moment ago stops a digest already queued.
    const silencedNow = book === undefined ? {} : { silenced: (fp: string) => (book.invalidate(), book.isSilenced(fp)) };
    this.#digests =
      ledger === undefined || hostId === undefined
        ? undefined
        : new ClusterDigests({ store: options.store, clock: options.clock, ledger, hostId, commentIntervalMs: options.commentIntervalMs, ...silenced, ...(options.compose === undefined ? {} : { compose: options.compose }) });
    this.#errors = new ErrorSink(onError);
    this.#tracker = new IssueTracker({ ...tracking, ...silenced });
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
      ...(shared === undefined ? {} : { shared }),
      ...silencedNow,
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
   * A deploy of `container`: one line on each open issue it spans (the issue of a problem the
   * container printed, or one about it). Returns how many.
   */
  noteDeploy(deploy: { readonly container: string; readonly fromImage: string; readonly toImage: string; readonly at: string }): number {
    const now = this.#o.clock();
    const body = composeDeployNote(deploy, this.#o.compose);
    return this.#store.transaction(() => {
      const open = this.#store.listTracked().filter((t) => t.status === 'open' && t.issueNumber !== undefined && (t.sample.container === deploy.container || t.sample.reportedBy === deploy.container));
      for (const t of open) this.#store.enqueue(queuedOp(t.fingerprint, 'comment', now, { body }));
      return open.length;
    });
  }

  /**
   * Issues of outages not closed yet (a dependency that could not be reached, a container
   * incident), for a monitor that starts again to resolve them on recovery.
   */
  openOutages(): Array<{ fingerprint: string; subject: string; firstSeen: string }> {
    return this.#store
      .listTracked()
      .filter(isOpenOutage)
      .map((t) => ({ fingerprint: t.fingerprint, subject: t.sample.container, firstSeen: t.firstSeen }));
  }

  /**
   * Queues digest comments that are due (call every `MONITORING_INTERVAL`). With a ledger,
   * writes this host's counts to it first and posts only the digests it claims.
   */
  async tick(): Promise<number> {
    // Digests fall due here: the silences set since the last tick count.
    this.#silences?.invalidate();
    this.#liftSilences();
    return this.#digests === undefined ? this.#tracker.tick() : this.#digests.tick();
  }

  /** Lifts the silences that expired or whose rate rose past their limit, each with one comment. */
  #liftSilences(): void {
    const book = this.#silences;
    const store = this.#o.silences;
    if (book === undefined || store === undefined) return;
    const now = this.#o.clock();
    for (const silence of book.active()) {
      const tracked = this.#store.getTracked(silence.fingerprint);
      const lift = liftReason(silence, tracked, now);
      if (lift === undefined) continue;
      this.#store.transaction(() => {
        if (!store.liftSilence(silence.id, now.toISOString(), lift.reason)) return;
        if (tracked?.issueNumber !== undefined) this.#store.enqueue(queuedOp(silence.fingerprint, 'comment', now, { body: composeSilenceLifted(silence, lift, this.#o.compose) }));
      });
      book.invalidate();
    }
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
