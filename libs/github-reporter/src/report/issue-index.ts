import { AUTO_LABEL, parseMarker } from '../compose/issue-composer';
import { ReporterError } from '../errors';
import { labelValue, messageOf, statusField, statusOf } from './github-errors';
import type { Severity } from './issue-tracker';
import type { Clock, GitHubIssue, IssuesApi, OutboxOp, ReporterStore } from './ports';

/**
 * What GitHub already holds, read back by the hidden marker in each issue body (never by the
 * Search API, whose index lags): the whole index after a lost state, or the one issue an
 * uncertain create may have made.
 */
export class IssueIndex {
  readonly #o: { readonly api: IssuesApi; readonly store: ReporterStore; readonly clock: Clock; readonly owner: string; readonly repo: string };

  constructor(options: { api: IssuesApi; store: ReporterStore; clock: Clock; owner: string; repo: string }) {
    this.#o = options;
  }

  /**
   * If the store is new (or was lost), rebuilds the fingerprint → issue index from GitHub
   * before anything is created: lists every issue labelled `🚨 auto-error` and reads markers.
   */
  async rebuild(): Promise<number> {
    const store = this.#o.store;
    if (store.indexBuilt()) return 0;
    const issues = await this.#listAll({ labels: AUTO_LABEL, state: 'all' });
    let found = 0;
    store.transaction(() => {
      for (const issue of issues) {
        const mark = parseMarker(issue.body);
        if (mark === undefined || store.getTracked(mark.fingerprint)?.issueNumber !== undefined) continue;
        const existing = store.getTracked(mark.fingerprint);
        const iso = this.#o.clock().toISOString();
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
      store.markIndexBuilt(this.#o.clock().toISOString());
    });
    return found;
  }

  /** Finds the issue an earlier, uncertain create may have made: by marker, never by search. */
  async find(op: OutboxOp): Promise<GitHubIssue | undefined> {
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
}
