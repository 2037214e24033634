import { ReporterError } from '../errors';
import type { ErrorSink } from './error-sink';
import { isFinalRejection, messageOf, retryAfterMs, statusField, statusOfError } from './github-errors';
import type { Clock, IssuesApi, OutboxOp } from './ports';
import { sharedCommentMarker, type SharedEntry, type SharedOutbox } from './shared-outbox';
import type { DrainResult } from './outbox-drainer';

/** Entries taken per drain. */
const BATCH = 20;
/** Comments listed per page when looking for one a host that died may have sent. */
const PER_PAGE = 100;

export interface SharedCommentsOptions {
  readonly shared: SharedOutbox;
  readonly api: IssuesApi;
  readonly clock: Clock;
  readonly owner: string;
  readonly repo: string;
  readonly errors: ErrorSink;
  /** This host (`MONITOR_HOST_ID`): it names the keys of the comments it hands over. */
  readonly hostId: string;
  readonly maxBackoffMs?: number;
  /** True for a fingerprint the operator silenced on this host: its digests are dropped. */
  readonly silenced?: (fingerprint: string) => boolean;
  /** The label that stops digests (`muted`). */
  readonly mutedLabel: string;
}

/**
 * The comments of several hosts, sent through the outbox they share: a host hands each comment
 * of its own outbox over (once, by key), and any live host sends what is queued. An entry that
 * was handed to a host before (which died or stalled with it, or restarted) is looked for on
 * the issue by its hidden marker before it is sent, so a comment lands once.
 */
export class SharedComments {
  readonly #o: SharedCommentsOptions;
  /** Entries this host failed to send, by id: when to try again, and how often it tried. */
  readonly #retry = new Map<string, { notBefore: number; attempts: number }>();

  constructor(options: SharedCommentsOptions) {
    this.#o = options;
  }

  get #repo(): { owner: string; repo: string } {
    return { owner: this.#o.owner, repo: this.#o.repo };
  }

  /** Moves a comment op of this host's outbox into the shared one (the caller then removes it). */
  async hand(op: OutboxOp, issueNumber: number): Promise<void> {
    try {
      await this.#o.shared.add({ key: `${this.#o.hostId}/${op.id}/${op.createdAt}`, fingerprint: op.fingerprint, issueNumber, body: op.body ?? '', digest: op.digest === true });
    } catch (error) {
      throw new ReporterError('GHR_ERR_COORDINATION', `cannot queue a comment for ${op.fingerprint} in the shared outbox: ${messageOf(error)}`, { cause: error });
    }
  }

  /** Sends what the shared outbox holds for this host now. */
  async send(result: DrainResult): Promise<void> {
    let entries: SharedEntry[];
    try {
      entries = await this.#o.shared.take(BATCH);
    } catch (error) {
      this.#o.errors.report(new ReporterError('GHR_ERR_COORDINATION', `cannot read the shared outbox: ${messageOf(error)}`, { cause: error }));
      return;
    }
    const now = this.#o.clock().getTime();
    for (const entry of entries) {
      const retry = this.#retry.get(entry.id);
      if (retry !== undefined && retry.notBefore > now) continue;
      try {
        await this.#deliver(entry, result);
        this.#retry.delete(entry.id);
        await this.#o.shared.done(entry.id);
      } catch (error) {
        this.#failed(entry, error, result);
      }
    }
  }

  async #deliver(entry: SharedEntry, result: DrainResult): Promise<void> {
    const issue = { ...this.#repo, issue_number: entry.issueNumber };
    if (entry.digest) {
      if (this.#o.silenced?.(entry.fingerprint) === true) return;
      const { data } = await this.#o.api.get(issue);
      if (data.labels.some((l) => (typeof l === 'string' ? l : l.name) === this.#o.mutedLabel)) return;
    }
    const marker = sharedCommentMarker(entry.key);
    if (entry.redelivered && (await this.#sent(entry.issueNumber, marker))) return;
    await this.#o.api.createComment({ ...issue, body: `${entry.body}\n\n${marker}` });
    result.commented++;
  }

  /** True when a comment carrying `marker` is on the issue. */
  async #sent(issueNumber: number, marker: string): Promise<boolean> {
    for (let page = 1; ; page++) {
      const { data } = await this.#o.api.listComments({ ...this.#repo, issue_number: issueNumber, per_page: PER_PAGE, page });
      if (data.some((c) => c.body?.includes(marker) === true)) return true;
      if (data.length < PER_PAGE) return false;
    }
  }

  #failed(entry: SharedEntry, error: unknown, result: DrainResult): void {
    const status = statusOfError(error);
    if (isFinalRejection(status, 'comment')) {
      this.#o.errors.report(new ReporterError('GHR_ERR_REJECTED', `comment for ${entry.fingerprint} on #${entry.issueNumber} rejected (${status ?? '?'}): ${messageOf(error)}`, { cause: error, ...statusField(error) }));
      result.dropped++;
      this.#retry.delete(entry.id);
      // Left in the queue if this fails: the next host to take it is told the same by GitHub.
      this.#o.shared.done(entry.id).catch(() => undefined);
      return;
    }
    const attempts = (this.#retry.get(entry.id)?.attempts ?? 0) + 1;
    const backoff = Math.min(this.#o.maxBackoffMs ?? 300_000, 1000 * 2 ** Math.min(attempts - 1, 12));
    this.#retry.set(entry.id, { attempts, notBefore: this.#o.clock().getTime() + Math.max(backoff, retryAfterMs(error) ?? 0) });
    this.#o.errors.report(new ReporterError('GHR_ERR_REQUEST', `comment for ${entry.fingerprint} on #${entry.issueNumber} failed: ${messageOf(error)}`, { cause: error, ...statusField(error) }));
    result.waiting = true;
  }
}
