import { composeIssue } from '../compose/issue-composer';
import { withSeenOn } from '../compose/seen-on';
import { ReporterError } from '../errors';
import { foldIntoAlias } from './alias-fold';
import type { CreateCoordination } from './create-coordination';
import { statusOf } from './github-errors';
import type { IssueIndex } from './issue-index';
import { occurrencesOf } from './occurrences';
import type { DrainResult, OutboxDrainerOptions } from './outbox-drainer';
import type { GitHubIssue, OutboxOp, SharedIssue, TrackedIssue } from './ports';

/** The head op must wait this long, for no fault of its own (another host is filing). */
export class WaitFor {
  constructor(readonly ms: number) {}
}

/**
 * A queued create, exactly once: reconciled by the hidden marker after an uncertain attempt
 * (its own, or, with several hosts, an earlier lease holder's), else sent write-ahead; with a
 * coordinator, an issue another host filed is taken instead.
 */
export class IssueCreator {
  readonly #o: OutboxDrainerOptions;
  readonly #index: IssueIndex;
  readonly #coordination: CreateCoordination | undefined;

  constructor(options: OutboxDrainerOptions, index: IssueIndex, coordination: CreateCoordination | undefined) {
    this.#o = options;
    this.#index = index;
    this.#coordination = coordination;
  }

  get #repo(): { owner: string; repo: string } {
    return { owner: this.#o.owner, repo: this.#o.repo };
  }

  async create(op: OutboxOp, result: DrainResult): Promise<void> {
    const store = this.#o.store;
    const tracked = store.getTracked(op.fingerprint);
    if (tracked === undefined) return;
    const where = `${this.#o.hostId ?? 'host'}/${tracked.sample.reportedBy ?? tracked.sample.container}`;
    // The index rebuilt from GitHub (after the state was lost, or by a host that started while
    // another filed it) already knows this fingerprint's issue: the queued create is moot, but
    // with several hosts the issue learns that this one saw it too. Found by the fault suite,
    // where the monitor observed events before its first drain rebuilt the index.
    if (tracked.issueNumber !== undefined) {
      if (this.#coordination !== undefined) await this.#addSeenOn(op.fingerprint, tracked.issueNumber, where);
      return;
    }
    if (foldIntoAlias(this.#o.store, op.fingerprint)) return;
    const claim = await this.#coordination?.claim(op.fingerprint, where);
    if (claim !== undefined && 'adopt' in claim) return this.#adopt(op, claim.adopt, where, result);
    if (claim !== undefined && 'waitMs' in claim) throw new WaitFor(claim.waitMs);
    let issue: GitHubIssue | undefined;
    if (claim !== undefined) {
      // Another host's create may have landed without being published (it died, or Redis lost
      // it in a restart): the hidden marker, since this host or an earlier holder first tried.
      const since = claim.reconcileSince !== undefined && claim.reconcileSince < op.createdAt ? claim.reconcileSince : op.createdAt;
      issue = await this.#index.find({ ...op, createdAt: since });
      if (issue) result.reconciled++;
    }
    if (issue === undefined && op.attempted) {
      issue = await this.#index.find(op);
      if (issue) result.reconciled++;
    }
    // A reconciled issue's body is whatever was sent: taken as complete.
    let filedWithTraceback = true;
    if (issue === undefined) {
      // Fencing: a holder whose lease ran out (a stall) must not send.
      if (claim !== undefined && !(await this.#coordination?.attempt(op.fingerprint, claim.lease))) throw new WaitFor(1000);
      filedWithTraceback = tracked.sample.traceback !== undefined;
      // Write-ahead: once this is stored, a crash or timeout leads to reconciliation.
      op.attempted = true;
      op.attemptedAt = this.#o.clock().toISOString();
      store.updateOp(op);
      // Read again: hosts that saw it at the same time have noted it while this one reconciled.
      const seenOn = claim === undefined ? undefined : await this.#coordination?.seenOn(op.fingerprint, where);
      const sample = seenOn === undefined ? tracked.sample : { ...tracked.sample, seenOn };
      const composed = composeIssue(sample, occurrencesOf(tracked, this.#o.clock()), op.nonce ?? String(op.id), this.#o.compose);
      issue = (await this.#o.api.create({ ...this.#repo, title: composed.title, body: composed.body, labels: composed.labels })).data;
      result.created++;
    }
    if (claim !== undefined) {
      const first = await this.#coordination?.publish(op.fingerprint, claim.lease, { number: issue.number, url: issue.html_url });
      if (first !== undefined && first.number !== issue.number) {
        this.#o.errors.report(new ReporterError('GHR_ERR_COORDINATION', `${op.fingerprint}: filed #${issue.number} after another host published #${first.number} (a lease outlived); counting on #${first.number}`));
        issue = { ...issue, number: first.number, html_url: first.url };
      }
    }
    const done = issue;
    store.transaction(() => {
      const t = store.getTracked(op.fingerprint) ?? tracked;
      const iso = this.#o.clock().toISOString();
      t.issueNumber = done.number;
      t.url = done.html_url;
      // Filed from a summary line while its traceback was on its way: the body is rewritten once.
      t.filedWithTraceback = filedWithTraceback;
      if (!filedWithTraceback && t.sample.traceback !== undefined) {
        t.filedWithTraceback = true;
        store.enqueue({ fingerprint: t.fingerprint, kind: 'enrich', createdAt: iso, attempts: 0, notBefore: iso, attempted: false });
      }
      t.status = statusOf(done);
      t.sinceComment = Math.max(0, t.total - tracked.total);
      t.lastCommentAt = iso;
      t.lastSyncAt = iso;
      store.putTracked(t);
    });
  }

  /** Takes the issue another host filed for this fingerprint. */
  async #adopt(op: OutboxOp, shared: SharedIssue, where: string, result: DrainResult): Promise<void> {
    const status = await this.#addSeenOn(op.fingerprint, shared.number, where);
    const store = this.#o.store;
    store.transaction(() => {
      const t = store.getTracked(op.fingerprint);
      if (t === undefined) return;
      const iso = this.#o.clock().toISOString();
      t.issueNumber = shared.number;
      t.url = shared.url;
      t.status = status;
      t.filedWithTraceback = true;
      t.lastCommentAt = iso;
      t.lastSyncAt = iso;
      store.putTracked(t);
    });
    result.adopted++;
  }

  /** Puts every place that saw the problem, this one included, in the issue's body; its status. */
  async #addSeenOn(fingerprint: string, number: number, where: string): Promise<TrackedIssue['status']> {
    const issue = { ...this.#repo, issue_number: number };
    const { data } = await this.#o.api.get(issue);
    const seenOn = await this.#coordination?.seenOn(fingerprint, where);
    if (seenOn !== undefined && typeof data.body === 'string') {
      const body = withSeenOn(data.body, seenOn);
      if (body !== data.body) await this.#o.api.update({ ...issue, body });
    }
    return statusOf(data);
  }
}
