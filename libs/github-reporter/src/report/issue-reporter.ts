import { composeDigest, composeEscalation, composeIssue, composeRegression, AUTO_LABEL, parseMarker, type ComposeOptions } from '../compose/issue-composer';
import type { IssueEvent, Occurrences } from '../compose/issue-event';
import { ReporterError } from '../errors';
import { scrub, scrubDeep } from '../scrub/scrubber';
import type { Clock, GitHubIssue, IssuesApi, OutboxOp, ReporterStore, TrackedIssue } from './ports';

const RANK = { low: 0, medium: 1, high: 2, critical: 3 } as const;
type Severity = keyof typeof RANK;

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
  /**
   * How long after a create request its outcome stays uncertain: a request that timed out (or
   * whose sender died) can still land at GitHub later, so reconciliation waits this long after
   * the attempt before concluding it did not. Default 30 s, twice the adapter's request timeout.
   */
  readonly uncertainForMs?: number;
  /** Told about every failure (never thrown). */
  readonly onError?: (error: ReporterError) => void;
}

/** What `observe` did with an event. */
export type ObserveResult = 'below-threshold' | 'create-queued' | 'counted' | 'reopen-check-queued';

/** Figures of one `drain`. */
export interface DrainResult {
  created: number;
  commented: number;
  reopened: number;
  relabelled: number;
  reconciled: number;
  dropped: number;
  /** True when the head op is waiting for its back-off. */
  waiting: boolean;
}

/**
 * Files one GitHub issue per fingerprint, exactly once: a create is queued in the durable
 * outbox with a nonce (write-ahead), marked `attempted` before its request goes out, and after
 * any uncertain outcome reconciled by listing issues and matching the hidden marker — never by
 * the Search API, whose index lags. Recurrences become digest comments at most once per
 * interval; an issue closed as completed is reopened; one closed as not planned only counts.
 */
export class IssueReporter {
  readonly #o: IssueReporterOptions;
  #draining = false;
  /** Errors by code. */
  readonly errors: Record<string, number> = {};
  lastError: string | undefined;

  constructor(options: IssueReporterOptions) {
    this.#o = options;
  }

  #now(): Date {
    return this.#o.clock();
  }

  /** Records one event (no I/O): queues a create, or counts a recurrence. */
  observe(raw: IssueEvent): ObserveResult {
    if (RANK[raw.severity] < RANK[this.#o.threshold]) return 'below-threshold';
    // Only what came from the logs is scrubbed: ids such as the fingerprint are not text, and a
    // run of digits in one could pass for a card number.
    const opts = this.#o.compose?.scrub;
    const event: IssueEvent = {
      ...raw,
      message: scrub(raw.message, opts),
      ...(raw.traceback === undefined ? {} : { traceback: scrub(raw.traceback, opts) }),
      ...(raw.context === undefined ? {} : { context: raw.context.map((l) => scrub(l, opts)) }),
      ...(raw.request === undefined ? {} : { request: scrubDeep(raw.request, opts) }),
      ...(raw.user === undefined ? {} : { user: scrubDeep(raw.user, opts) }),
    };
    const now = this.#now();
    const iso = now.toISOString();
    const hour = iso.slice(0, 13);
    const store = this.#o.store;
    return store.transaction(() => {
      const tracked = store.getTracked(event.fingerprint);
      if (tracked === undefined) {
        store.putTracked({
          fingerprint: event.fingerprint,
          container: event.container,
          type: event.type,
          severity: event.severity,
          status: 'pending',
          firstSeen: iso,
          lastSeen: iso,
          total: 1,
          sinceComment: 0,
          hours: { [hour]: 1 },
          sample: event,
        });
        store.enqueue(this.#op(event.fingerprint, 'create', { nonce: this.#o.nonce() }));
        return 'create-queued';
      }
      tracked.total++;
      tracked.sinceComment++;
      tracked.lastSeen = iso;
      tracked.hours[hour] = (tracked.hours[hour] ?? 0) + 1;
      for (const h of Object.keys(tracked.hours).sort().slice(0, -48)) delete tracked.hours[h];
      tracked.sample = event;
      let result: ObserveResult = 'counted';
      if (RANK[event.severity] > RANK[tracked.severity] && tracked.status !== 'closed_not_planned') {
        store.enqueue(this.#op(event.fingerprint, 'relabel', { fromSeverity: tracked.severity }));
        tracked.severity = event.severity;
      }
      if (tracked.status === 'open' || tracked.status === 'closed_completed') {
        const last = tracked.lastSyncAt ? Date.parse(tracked.lastSyncAt) : 0;
        if (tracked.status === 'closed_completed' || now.getTime() - last >= (this.#o.syncIntervalMs ?? 60_000)) {
          store.enqueue(this.#op(event.fingerprint, 'sync'));
          tracked.lastSyncAt = iso;
          if (tracked.status === 'closed_completed') tracked.status = 'reopening';
          result = 'reopen-check-queued';
        }
      }
      store.putTracked(tracked);
      return result;
    });
  }

  /** Queues digest comments that are due (call every `MONITORING_INTERVAL`). */
  tick(): number {
    const now = this.#now();
    let queued = 0;
    const store = this.#o.store;
    store.transaction(() => {
      for (const t of store.listTracked()) {
        if (t.status !== 'open' || t.sinceComment === 0) continue;
        const last = Date.parse(t.lastCommentAt ?? t.firstSeen);
        if (now.getTime() - last < this.#o.commentIntervalMs) continue;
        const body = composeDigest(t.sample, { ...this.#occurrences(t, now), sinceLast: t.sinceComment, perHour: Object.entries(t.hours).sort().slice(-24) }, this.#o.compose);
        store.enqueue(this.#op(t.fingerprint, 'comment', { body }));
        t.sinceComment = 0;
        t.lastCommentAt = now.toISOString();
        store.putTracked(t);
        queued++;
      }
    });
    return queued;
  }

  /**
   * If the store is new (or was lost), rebuilds the fingerprint → issue index from GitHub
   * before anything is created: lists every issue labelled `🚨 auto-error` and reads markers.
   */
  async rebuildIndex(): Promise<number> {
    const store = this.#o.store;
    if (store.indexBuilt()) return 0;
    const issues = await this.#listAll({ labels: AUTO_LABEL, state: 'all' });
    let found = 0;
    store.transaction(() => {
      for (const issue of issues) {
        const mark = parseMarker(issue.body);
        if (mark === undefined || store.getTracked(mark.fingerprint)?.issueNumber !== undefined) continue;
        const existing = store.getTracked(mark.fingerprint);
        const iso = this.#now().toISOString();
        store.putTracked({
          ...(existing ?? {
            fingerprint: mark.fingerprint,
            container: labelValue(issue, 'container-') ?? 'unknown',
            type: labelValue(issue, 'type-') ?? 'application_error',
            severity: (labelValue(issue, 'severity-') as Severity | undefined) ?? 'high',
            firstSeen: iso,
            lastSeen: iso,
            total: 0,
            sinceComment: 0,
            hours: {},
            sample: { type: 'application_error', severity: 'high', fingerprint: mark.fingerprint, container: 'unknown', message: '' },
          }),
          status: statusOf(issue),
          issueNumber: issue.number,
          url: issue.html_url,
          lastSyncAt: iso,
          // Occurrences seen before the rebuild go into the next digest.
          ...(existing === undefined ? {} : { sinceComment: existing.total }),
        });
        found++;
      }
      store.markIndexBuilt(this.#now().toISOString());
    });
    return found;
  }

  /** Sends queued operations in order until the outbox is empty or the head must wait. */
  async drain(): Promise<DrainResult> {
    const result: DrainResult = { created: 0, commented: 0, reopened: 0, relabelled: 0, reconciled: 0, dropped: 0, waiting: false };
    if (this.#draining) return result;
    this.#draining = true;
    try {
      if (!this.#o.store.indexBuilt()) await this.rebuildIndex();
      for (;;) {
        const op = this.#o.store.head();
        if (op === undefined) break;
        if (Date.parse(op.notBefore) > this.#now().getTime()) {
          result.waiting = true;
          break;
        }
        const settledAt = op.kind === 'create' && op.attempted && op.attemptedAt ? Date.parse(op.attemptedAt) + (this.#o.uncertainForMs ?? 30_000) : 0;
        if (settledAt > this.#now().getTime()) {
          // An earlier attempt may still land: wait before listing, or a late arrival duplicates.
          op.notBefore = new Date(settledAt).toISOString();
          this.#o.store.updateOp(op);
          result.waiting = true;
          break;
        }
        try {
          await this.#run(op, result);
          this.#o.store.removeOp(op.id);
        } catch (error) {
          if (!this.#handleFailure(op, error, result)) {
            result.waiting = true;
            break;
          }
        }
      }
    } catch (error) {
      this.#report(new ReporterError('GHR_ERR_RECONCILE', `cannot rebuild the issue index: ${messageOf(error)}`, { cause: error }));
      result.waiting = true;
    } finally {
      this.#draining = false;
    }
    return result;
  }

  async #run(op: OutboxOp, result: DrainResult): Promise<void> {
    const store = this.#o.store;
    const tracked = store.getTracked(op.fingerprint);
    if (tracked === undefined) return;
    const repo = { owner: this.#o.owner, repo: this.#o.repo };
    switch (op.kind) {
      case 'create': {
        // The index rebuilt from GitHub (after the state was lost) already knows this
        // fingerprint's issue: the queued create is moot. Found by the fault suite, where the
        // monitor observed events before its first drain rebuilt the index.
        if (tracked.issueNumber !== undefined) return;
        let issue: GitHubIssue | undefined;
        if (op.attempted) {
          issue = await this.#reconcile(op);
          if (issue) result.reconciled++;
        }
        if (issue === undefined) {
          // Write-ahead: once this is stored, a crash or timeout leads to reconciliation.
          op.attempted = true;
          op.attemptedAt = this.#now().toISOString();
          store.updateOp(op);
          const composed = composeIssue(tracked.sample, this.#occurrences(tracked, this.#now()), op.nonce ?? String(op.id), this.#o.compose);
          issue = (await this.#o.api.create({ ...repo, title: composed.title, body: composed.body, labels: composed.labels })).data;
          result.created++;
        }
        const done = issue;
        store.transaction(() => {
          const t = store.getTracked(op.fingerprint) ?? tracked;
          t.issueNumber = done.number;
          t.url = done.html_url;
          t.status = statusOf(done);
          t.sinceComment = Math.max(0, t.total - tracked.total);
          t.lastCommentAt = this.#now().toISOString();
          t.lastSyncAt = this.#now().toISOString();
          store.putTracked(t);
        });
        return;
      }
      case 'comment': {
        if (tracked.issueNumber === undefined) return;
        await this.#o.api.createComment({ ...repo, issue_number: tracked.issueNumber, body: op.body ?? '' });
        result.commented++;
        return;
      }
      case 'relabel': {
        if (tracked.issueNumber === undefined) return;
        if (op.fromSeverity) {
          try {
            await this.#o.api.removeLabel({ ...repo, issue_number: tracked.issueNumber, name: `severity-${op.fromSeverity}` });
          } catch (error) {
            if (statusOfError(error) !== 404) throw error; // already gone is fine
          }
        }
        await this.#o.api.addLabels({ ...repo, issue_number: tracked.issueNumber, labels: [`severity-${tracked.severity}`] });
        await this.#o.api.createComment({ ...repo, issue_number: tracked.issueNumber, body: composeEscalation(op.fromSeverity ?? '?', tracked.severity, this.#o.compose) });
        result.relabelled++;
        return;
      }
      case 'sync': {
        if (tracked.issueNumber === undefined) return;
        const issue = (await this.#o.api.get({ ...repo, issue_number: tracked.issueNumber })).data;
        const status = statusOf(issue);
        if (status === 'closed_completed') {
          await this.#o.api.update({ ...repo, issue_number: tracked.issueNumber, state: 'open', state_reason: 'reopened' });
          await this.#o.api.createComment({ ...repo, issue_number: tracked.issueNumber, body: composeRegression(tracked.sample, this.#occurrences(tracked, this.#now()), this.#o.compose) });
          result.reopened++;
        }
        store.transaction(() => {
          const t = store.getTracked(op.fingerprint) ?? tracked;
          t.status = status === 'closed_completed' ? 'open' : status;
          t.lastSyncAt = this.#now().toISOString();
          store.putTracked(t);
        });
        return;
      }
    }
  }

  /** Finds the issue an earlier, uncertain create may have made: by marker, never by search. */
  async #reconcile(op: OutboxOp): Promise<GitHubIssue | undefined> {
    const since = new Date(Date.parse(op.createdAt) - 60_000).toISOString();
    let issues: GitHubIssue[];
    try {
      issues = await this.#listAll({ state: 'all', since });
    } catch (error) {
      throw new ReporterError('GHR_ERR_RECONCILE', `cannot list issues to reconcile ${op.fingerprint}: ${messageOf(error)}`, { cause: error, ...statusField(error) });
    }
    return issues.find((issue) => parseMarker(issue.body)?.fingerprint === op.fingerprint);
  }

  async #listAll(filter: { labels?: string; state: 'all'; since?: string }): Promise<GitHubIssue[]> {
    const out: GitHubIssue[] = [];
    for (let page = 1; page < 1000; page++) {
      const { data } = await this.#o.api.listForRepo({ owner: this.#o.owner, repo: this.#o.repo, ...filter, sort: 'created', direction: 'asc', per_page: 100, page });
      out.push(...data.filter((issue) => issue.pull_request === undefined));
      if (data.length < 100) break;
    }
    return out;
  }

  /** Returns true when the drain may go on (the op was dropped). */
  #handleFailure(op: OutboxOp, error: unknown, result: DrainResult): boolean {
    const status = statusOfError(error);
    if (status === 422 || (status === 404 && op.kind !== 'create')) {
      this.#report(new ReporterError('GHR_ERR_REJECTED', `${op.kind} for ${op.fingerprint} rejected (${status}): ${messageOf(error)}`, { cause: error, status }));
      this.#o.store.removeOp(op.id);
      result.dropped++;
      return true;
    }
    op.attempts++;
    const retryAfter = retryAfterMs(error);
    const backoff = Math.min(this.#o.maxBackoffMs ?? 300_000, 1000 * 2 ** Math.min(op.attempts - 1, 12));
    op.notBefore = new Date(this.#now().getTime() + Math.max(backoff, retryAfter ?? 0)).toISOString();
    op.lastError = messageOf(error);
    this.#o.store.updateOp(op);
    this.#report(
      error instanceof ReporterError
        ? error
        : new ReporterError('GHR_ERR_REQUEST', `${op.kind} for ${op.fingerprint} failed${status ? ` (${status})` : ''}: ${messageOf(error)}`, { cause: error, ...statusField(error) }),
    );
    return false;
  }

  #report(error: ReporterError): void {
    this.errors[error.code] = (this.errors[error.code] ?? 0) + 1;
    this.lastError = error.message;
    this.#o.onError?.(error);
  }

  #occurrences(t: TrackedIssue, now: Date): Occurrences {
    const hour = now.toISOString().slice(0, 13);
    return { firstSeen: t.firstSeen, lastSeen: t.lastSeen, total: t.total, lastHour: t.hours[hour] ?? 0 };
  }

  #op(fingerprint: string, kind: OutboxOp['kind'], extra: Partial<OutboxOp> = {}): Omit<OutboxOp, 'id'> {
    const iso = this.#now().toISOString();
    return { fingerprint, kind, createdAt: iso, attempts: 0, notBefore: iso, attempted: false, ...extra };
  }
}

function statusOf(issue: GitHubIssue): TrackedIssue['status'] {
  if (issue.state === 'open') return 'open';
  return issue.state_reason === 'not_planned' ? 'closed_not_planned' : 'closed_completed';
}

function labelValue(issue: GitHubIssue, prefix: string): string | undefined {
  for (const label of issue.labels) {
    const name = typeof label === 'string' ? label : label.name;
    if (name?.startsWith(prefix)) return name.slice(prefix.length);
  }
  return undefined;
}

function statusOfError(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function statusField(error: unknown): { status?: number } {
  const status = statusOfError(error);
  return status === undefined ? {} : { status };
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: Record<string, string | number | undefined> } } | null)?.response?.headers;
  const value = headers?.['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
