import { composeRegression, type ComposeOptions } from '../compose/issue-composer';
import { enrichIssue, escalateIssue, resolveIssue, type IssueUpdates } from './issue-updates';
import { ReporterError } from '../errors';
import type { ErrorSink } from './error-sink';
import { isFinalRejection, messageOf, retryAfterMs, statusField, statusOf, statusOfError } from './github-errors';
import { CreateCoordination } from './create-coordination';
import { IssueCreator, WaitFor } from './issue-creator';
import { IssueIndex } from './issue-index';
import { ranBeforeClose } from './tracked-images';
import { occurrencesOf } from './occurrences';
import type { Clock, GitHubIssue, IssueCoordinator, IssuesApi, OutboxOp, ReporterStore } from './ports';
import { SharedComments } from './shared-comments';
import type { SharedOutbox } from './shared-outbox';

/** The label a person puts on an issue to stop its digests and reopening. */
export const MUTED_LABEL = 'muted';

export interface OutboxDrainerOptions {
  readonly api: IssuesApi;
  readonly store: ReporterStore;
  readonly clock: Clock;
  readonly owner: string;
  readonly repo: string;
  readonly compose?: ComposeOptions;
  /** Back-off cap for failed operations; default 5 min. */
  readonly maxBackoffMs?: number;
  /**
   * How long after a create request its outcome stays uncertain: a request that timed out (or
   * whose sender died) can still land at GitHub later, so reconciliation waits this long after
   * the attempt before concluding it did not. Default 30 s, twice the adapter's request timeout.
   */
  readonly uncertainForMs?: number;
  readonly errors: ErrorSink;
  /** With several hosts: the shared issue index and create lease (Redis). */
  readonly coordinator?: IssueCoordinator;
  /** This host (`MONITOR_HOST_ID`), as issues name it. */
  readonly hostId?: string;
  /** With several hosts: the outbox they share (Redis Stream), through which comments go (needs `hostId`). */
  readonly shared?: SharedOutbox;
  /**
   * True for a fingerprint the operator silenced, read afresh (asked once per operation): a
   * digest of it is dropped, a closed issue of it is not reopened.
   */
  readonly silenced?: (fingerprint: string) => boolean;
}

/** Figures of one `drain`. */
export interface DrainResult {
  created: number;
  commented: number;
  reopened: number;
  resolved: number;
  enriched: number;
  relabelled: number;
  reconciled: number;
  /** Creates another host had filed already: its issue was taken. */
  adopted: number;
  dropped: number;
  /** True when the head op is waiting for its back-off. */
  waiting: boolean;
}

/**
 * Sends the outbox to GitHub in order, exactly once per create: the create is marked
 * `attempted` before its request goes out, and after any uncertain outcome reconciled by
 * listing issues and matching the hidden marker — never by the Search API, whose index lags.
 * A failed op waits out its back-off (or GitHub's `retry-after`) at the head of the outbox;
 * one GitHub rejects for good is dropped and reported.
 */
export class OutboxDrainer {
  readonly #o: OutboxDrainerOptions;
  readonly #index: IssueIndex;
  readonly #creator: IssueCreator;
  readonly #shared: SharedComments | undefined;
  #draining = false;

  constructor(options: OutboxDrainerOptions) {
    this.#o = options;
    this.#index = new IssueIndex(options);
    const coordination = options.coordinator && new CreateCoordination(options.coordinator, options.clock, options.uncertainForMs ?? 30_000);
    this.#creator = new IssueCreator(options, this.#index, coordination);
    const { shared, hostId } = options;
    this.#shared = shared && hostId !== undefined ? new SharedComments({ ...options, shared, hostId, mutedLabel: MUTED_LABEL }) : undefined;
  }

  get #repo(): { owner: string; repo: string } {
    return { owner: this.#o.owner, repo: this.#o.repo };
  }

  get #updates(): IssueUpdates {
    const { api, store, clock, compose } = this.#o;
    return { api, store, clock, repo: this.#repo, ...(compose === undefined ? {} : { compose }) };
  }

  /** Rebuilds the fingerprint → issue index from GitHub when the store is new (or was lost). */
  rebuildIndex(): Promise<number> {
    return this.#index.rebuild();
  }

  /** Sends queued operations in order until the outbox is empty or the head must wait. */
  async drain(): Promise<DrainResult> {
    const result: DrainResult = { created: 0, commented: 0, reopened: 0, resolved: 0, enriched: 0, relabelled: 0, reconciled: 0, adopted: 0, dropped: 0, waiting: false };
    if (this.#draining) return result;
    this.#draining = true;
    try {
      if (!this.#o.store.indexBuilt()) await this.rebuildIndex();
      for (;;) {
        const op = this.#o.store.head();
        if (op === undefined) break;
        if (this.#mustWait(op)) {
          result.waiting = true;
          break;
        }
        try {
          await this.#run(op, result);
          this.#o.store.removeOp(op.id);
        } catch (error) {
          if (error instanceof WaitFor) {
            op.notBefore = new Date(this.#o.clock().getTime() + error.ms).toISOString();
            this.#o.store.updateOp(op);
            result.waiting = true;
            break;
          }
          if (!this.#handleFailure(op, error, result)) {
            result.waiting = true;
            break;
          }
        }
      }
      await this.#shared?.send(result);
    } catch (error) {
      this.#o.errors.report(new ReporterError('GHR_ERR_RECONCILE', `cannot rebuild the issue index: ${messageOf(error)}`, { cause: error }));
      result.waiting = true;
    } finally {
      this.#draining = false;
    }
    return result;
  }

  /** True when the head op's back-off, or an earlier attempt's uncertainty, has not passed. */
  #mustWait(op: OutboxOp): boolean {
    const now = this.#o.clock().getTime();
    if (Date.parse(op.notBefore) > now) return true;
    const settledAt = op.kind === 'create' && op.attempted && op.attemptedAt ? Date.parse(op.attemptedAt) + (this.#o.uncertainForMs ?? 30_000) : 0;
    if (settledAt <= now) return false;
    // An earlier attempt may still land: wait before listing, or a late arrival duplicates.
    op.notBefore = new Date(settledAt).toISOString();
    this.#o.store.updateOp(op);
    return true;
  }

  async #run(op: OutboxOp, result: DrainResult): Promise<void> {
    const tracked = this.#o.store.getTracked(op.fingerprint);
    if (tracked === undefined) return;
    switch (op.kind) {
      case 'create':
        return this.#creator.create(op, result);
      case 'comment':
        if (tracked.issueNumber === undefined) return;
        // A digest queued before the operator silenced the problem is dropped, and one is read
        // back first: the `muted` label on GitHub stops it.
        if (op.digest === true && this.#o.silenced?.(op.fingerprint) === true) return;
        if (this.#shared !== undefined) return this.#shared.hand(op, tracked.issueNumber);
        if (op.digest === true && this.#noteMuted(op.fingerprint, (await this.#o.api.get({ ...this.#repo, issue_number: tracked.issueNumber })).data)) return;
        await this.#o.api.createComment({ ...this.#repo, issue_number: tracked.issueNumber, body: op.body ?? '' });
        result.commented++;
        return;
      case 'relabel':
        if (await escalateIssue(this.#updates, op)) result.relabelled++;
        return;
      case 'sync':
        return this.#sync(op, result);
      case 'resolve':
        if (await resolveIssue(this.#updates, op)) result.resolved++;
        return;
      case 'enrich':
        if (await enrichIssue(this.#updates, op)) result.enriched++;
        return;
    }
  }

  /**
   * Re-reads an issue's state; reopens one closed as completed, with a regression comment naming
   * the image — unless the recurrence came from an image that ran before the close, or the
   * issue is muted or silenced.
   */
  async #sync(op: OutboxOp, result: DrainResult): Promise<void> {
    const store = this.#o.store;
    const tracked = store.getTracked(op.fingerprint);
    if (tracked?.issueNumber === undefined) return;
    const issue = { ...this.#repo, issue_number: tracked.issueNumber };
    const data = (await this.#o.api.get(issue)).data;
    const status = statusOf(data);
    const closedAt = status === 'closed_completed' ? (data.closed_at ?? tracked.closedAt ?? this.#o.clock().toISOString()) : undefined;
    const older = closedAt !== undefined && ranBeforeClose({ ...tracked, closedAt }, { type: tracked.type, ...(op.imageId === undefined ? {} : { imageId: op.imageId }) });
    const reopen = status === 'closed_completed' && !older && !this.#noteMuted(op.fingerprint, data) && this.#o.silenced?.(op.fingerprint) !== true;
    if (reopen) {
      await this.#o.api.update({ ...issue, state: 'open', state_reason: 'reopened' });
      await this.#o.api.createComment({ ...issue, body: composeRegression(tracked.sample, occurrencesOf(tracked, this.#o.clock()), this.#o.compose, op.image) });
      result.reopened++;
    }
    store.transaction(() => {
      const t = store.getTracked(op.fingerprint) ?? tracked;
      t.status = reopen ? 'open' : status;
      if (closedAt !== undefined && !reopen) t.closedAt = closedAt;
      t.lastSyncAt = this.#o.clock().toISOString();
      store.putTracked(t);
    });
  }

  /** Records whether the issue carries the `muted` label; returns it. */
  #noteMuted(fingerprint: string, issue: GitHubIssue): boolean {
    const muted = issue.labels.some((l) => (typeof l === 'string' ? l : l.name) === MUTED_LABEL);
    const store = this.#o.store;
    const t = store.getTracked(fingerprint);
    if (t !== undefined && (t.muted === true) !== muted) {
      t.muted = muted;
      store.putTracked(t);
    }
    return muted;
  }

  /** Returns true when the drain may go on (the op was dropped). */
  #handleFailure(op: OutboxOp, error: unknown, result: DrainResult): boolean {
    const status = statusOfError(error);
    if (isFinalRejection(status, op.kind)) {
      this.#o.errors.report(new ReporterError('GHR_ERR_REJECTED', `${op.kind} for ${op.fingerprint} rejected (${status ?? '?'}): ${messageOf(error)}`, { cause: error, ...statusField(error) }));
      this.#o.store.removeOp(op.id);
      result.dropped++;
      return true;
    }
    op.attempts++;
    const retryAfter = retryAfterMs(error);
    // Redis coming back should not find creates asleep for minutes.
    const cap = error instanceof ReporterError && error.code === 'GHR_ERR_COORDINATION' ? 10_000 : (this.#o.maxBackoffMs ?? 300_000);
    const backoff = Math.min(cap, 1000 * 2 ** Math.min(op.attempts - 1, 12));
    op.notBefore = new Date(this.#o.clock().getTime() + Math.max(backoff, retryAfter ?? 0)).toISOString();
    op.lastError = messageOf(error);
    this.#o.store.updateOp(op);
    this.#o.errors.report(
      error instanceof ReporterError
        ? error
        : new ReporterError('GHR_ERR_REQUEST', `${op.kind} for ${op.fingerprint} failed${status ? ` (${status})` : ''}: ${messageOf(error)}`, { cause: error, ...statusField(error) }),
    );
    return false;
  }
}
