import { composeEscalation, composeIssue, parseMarker, type ComposeOptions } from '../compose/issue-composer';
import { statusOfError } from './github-errors';
import { keepSeenOn } from '../compose/seen-on';
import { occurrencesOf } from './occurrences';
import type { Clock, IssuesApi, OutboxOp, ReporterStore } from './ports';

/** What the outbox's updates of a filed issue need. */
export interface IssueUpdates {
  readonly api: IssuesApi;
  readonly store: ReporterStore;
  readonly clock: Clock;
  readonly repo: { readonly owner: string; readonly repo: string };
  readonly compose?: ComposeOptions;
}

/** The severity rose: swaps the severity label and says so. Returns true when it did. */
export async function escalateIssue(u: IssueUpdates, op: OutboxOp): Promise<boolean> {
  const tracked = u.store.getTracked(op.fingerprint);
  if (tracked?.issueNumber === undefined) return false;
  const issue = { ...u.repo, issue_number: tracked.issueNumber };
  if (op.fromSeverity) {
    try {
      await u.api.removeLabel({ ...issue, name: `severity-${op.fromSeverity}` });
    } catch (error) {
      if (statusOfError(error) !== 404) throw error; // already gone is fine
    }
  }
  await u.api.addLabels({ ...issue, labels: [`severity-${tracked.severity}`] });
  await u.api.createComment({ ...issue, body: composeEscalation(op.fromSeverity ?? '?', tracked.severity, u.compose) });
  return true;
}

/**
 * An outage is over: closes its issue as completed and posts the recovery note, unless the
 * problem came back after the recovery was decided (then the issue stays open and counts on).
 * Returns true when it closed the issue.
 */
export async function resolveIssue(u: IssueUpdates, op: OutboxOp): Promise<boolean> {
  const tracked = u.store.getTracked(op.fingerprint);
  if (tracked?.issueNumber === undefined || tracked.status !== 'open') return false;
  if (Date.parse(tracked.lastSeen) > Date.parse(op.createdAt)) return false;
  const issue = { ...u.repo, issue_number: tracked.issueNumber };
  // Close first: a retry after a failed comment closes again (harmless), never comments twice.
  await u.api.update({ ...issue, state: 'closed', state_reason: 'completed' });
  await u.api.createComment({ ...issue, body: op.body ?? '' });
  u.store.transaction(() => {
    const t = u.store.getTracked(op.fingerprint) ?? tracked;
    t.status = Date.parse(t.lastSeen) > Date.parse(op.createdAt) ? 'reopening' : 'closed_completed';
    t.lastSyncAt = u.clock().toISOString();
    t.closedAt = t.lastSyncAt;
    u.store.putTracked(t);
    // Came back while the close was in flight: read the state again, which reopens it.
    if (t.status === 'reopening') u.store.enqueue({ fingerprint: t.fingerprint, kind: 'sync', createdAt: t.lastSyncAt, attempts: 0, notBefore: t.lastSyncAt, attempted: false });
  });
  return true;
}

/**
 * Rewrites the body of an issue filed from a summary line, now that its traceback came,
 * keeping its marker. Returns true when it did.
 */
export async function enrichIssue(u: IssueUpdates, op: OutboxOp): Promise<boolean> {
  const tracked = u.store.getTracked(op.fingerprint);
  if (tracked?.issueNumber === undefined) return false;
  const issue = { ...u.repo, issue_number: tracked.issueNumber };
  const current = (await u.api.get(issue)).data.body ?? '';
  const nonce = parseMarker(current)?.nonce;
  if (nonce === undefined) return false;
  const composed = composeIssue(tracked.sample, occurrencesOf(tracked, u.clock()), nonce, u.compose);
  // Other hosts may have added themselves to the body since it was filed.
  await u.api.update({ ...issue, body: keepSeenOn(current, composed.body) });
  return true;
}
