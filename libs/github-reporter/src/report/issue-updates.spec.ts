import { composeIssue } from '../compose/issue-composer';
import { withSeenOn } from '../compose/seen-on';
import type { IssueEvent } from '../compose/issue-event';
import { InMemoryIssuesApi } from './in-memory-issues-api';
import { InMemoryReporterStore } from './in-memory-reporter-store';
import { enrichIssue } from './issue-updates';

const FP = 'v2-00000000000000aa';
const summary: IssueEvent = { type: 'application_error', severity: 'high', fingerprint: FP, container: 'safework-app', message: 'ERROR: Exception on /survey/export [GET]', seenOn: ['host-a/safework_app_1'] };

describe('enrichIssue', () => {
  it('rewrites the body with the traceback and keeps the hosts other monitors added to it', async () => {
    const now = Date.parse('2024-05-02T10:00:00Z');
    const api = new InMemoryIssuesApi({ now: () => now });
    const store = new InMemoryReporterStore();
    const occurrences = { firstSeen: '2024-05-02T10:00:00Z', lastSeen: '2024-05-02T10:00:00Z', total: 1, lastHour: 1 };
    const filed = composeIssue(summary, occurrences, 'nonce-1');
    await api.create({ owner: 'safework', repo: 'safework', ...filed });
    // Another host took the issue and added itself to the body.
    await api.update({ owner: 'safework', repo: 'safework', issue_number: 1, body: withSeenOn(filed.body, ['host-a/safework_app_1', 'host-b/safework_app_2']) });
    store.putTracked({ fingerprint: FP, container: 'safework-app', type: 'application_error', severity: 'high', status: 'open', issueNumber: 1, firstSeen: occurrences.firstSeen, lastSeen: occurrences.lastSeen, total: 1, sinceComment: 0, hours: {}, sample: { ...summary, traceback: 'Traceback (most recent call last):\nKeyError: department' } });
    const op = store.enqueue({ fingerprint: FP, kind: 'enrich', createdAt: occurrences.firstSeen, attempts: 0, notBefore: occurrences.firstSeen, attempted: false });
    expect(await enrichIssue({ api, store, clock: () => new Date(now), repo: { owner: 'safework', repo: 'safework' } }, op)).toBe(true);
    const body = api.issues[0]?.body ?? '';
    expect(body).toContain('KeyError: department');
    expect(body).toContain('`host-a/safework_app_1`, `host-b/safework_app_2`');
  });
});
