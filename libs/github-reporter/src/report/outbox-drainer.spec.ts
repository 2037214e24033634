import { parseMarker } from '../compose/issue-composer';
import type { IssueEvent } from '../compose/issue-event';
import type { ReporterError } from '../errors';
import { ErrorSink } from './error-sink';
import { InMemoryIssuesApi } from './in-memory-issues-api';
import { InMemoryReporterStore } from './in-memory-reporter-store';
import { IssueTracker } from './issue-tracker';
import { OutboxDrainer } from './outbox-drainer';

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing');
  return value;
}

const event = (f: number, severity: IssueEvent['severity'] = 'critical'): IssueEvent => ({
  type: 'redis_connection',
  severity,
  fingerprint: `v1-${String(f).padStart(16, '0')}`,
  container: 'safework-app',
  message: `redis.exceptions.ConnectionError: Error 111 (${f})`,
});

function setup(lang: 'en' | 'ko' = 'ko') {
  let now = Date.parse('2024-05-02T10:00:00Z');
  const clock = (): Date => new Date(now);
  const store = new InMemoryReporterStore();
  const api = new InMemoryIssuesApi({ now: () => now });
  const seen: ReporterError[] = [];
  const errors = new ErrorSink((e) => seen.push(e));
  let n = 0;
  const tracker = new IssueTracker({ store, clock, threshold: 'medium', commentIntervalMs: 60_000, nonce: () => `nonce-${++n}`, compose: { lang } });
  const drainer = new OutboxDrainer({ api, store, clock, owner: 'safework', repo: 'safework', errors, maxBackoffMs: 4000, uncertainForMs: 10_000 });
  return { store, api, tracker, drainer, seen, errors, advance: (ms: number) => (now += ms) };
}

describe('OutboxDrainer', () => {
  it('creates one issue per fingerprint with its marker and labels, then comments on it', async () => {
    const { tracker, drainer, api, store, advance } = setup();
    tracker.observe(event(1));
    tracker.observe(event(1));
    tracker.observe(event(2));
    expect(await drainer.drain()).toMatchObject({ created: 2, waiting: false });
    expect(api.issues.map((i) => [i.number, parseMarker(i.body)?.fingerprint])).toEqual([
      [1, 'v1-0000000000000001'],
      [2, 'v1-0000000000000002'],
    ]);
    expect(api.issues[0]?.labels).toEqual(['🚨 auto-error', 'bug', 'container-safework-app', 'severity-critical', 'type-redis_connection']);
    // Occurrences before the create are in the issue's own figures: no digest owes them.
    expect(store.getTracked('v1-0000000000000001')).toMatchObject({ issueNumber: 1, status: 'open', total: 2, sinceComment: 0 });
    advance(61_000);
    expect(tracker.tick()).toBe(0);
    tracker.observe(event(1));
    expect(tracker.tick()).toBe(1);
    expect(await drainer.drain()).toMatchObject({ commented: 1 });
    expect(api.issues[0]?.comments).toHaveLength(1);
  });

  it('rebuilds the index from GitHub before creating, so a lost state files nothing twice', async () => {
    const first = setup();
    first.tracker.observe(event(1));
    await first.drainer.drain();
    // A new store (the state was lost), the same GitHub.
    const second = setup();
    const drainer = new OutboxDrainer({ api: first.api, store: second.store, clock: () => new Date(), owner: 'safework', repo: 'safework', errors: second.errors });
    second.tracker.observe(event(1));
    expect(await drainer.drain()).toMatchObject({ created: 0 });
    expect(first.api.issues).toHaveLength(1);
    expect(second.store.getTracked('v1-0000000000000001')?.issueNumber).toBe(1);
  });

  it('reconciles a create that landed but timed out, after its outcome is no longer uncertain', async () => {
    const { tracker, drainer, api, advance, seen } = setup();
    tracker.observe(event(1));
    api.fail({ method: 'create', landed: true });
    expect(await drainer.drain()).toMatchObject({ created: 0, waiting: true });
    expect(seen.map((e) => e.code)).toEqual(['GHR_ERR_REQUEST']);
    advance(5_000);
    expect(await drainer.drain()).toMatchObject({ waiting: true }); // still uncertain
    expect(api.issues).toHaveLength(1);
    advance(6_000);
    expect(await drainer.drain()).toMatchObject({ reconciled: 1, created: 0, waiting: false });
    expect(api.issues).toHaveLength(1);
  });

  it('backs off a failed op, honouring retry-after, and keeps order', async () => {
    const { tracker, drainer, api, advance } = setup();
    tracker.observe(event(1));
    tracker.observe(event(2));
    api.fail({ method: 'create', status: 429, retryAfter: 3 });
    expect(await drainer.drain()).toMatchObject({ created: 0, waiting: true });
    advance(2_000);
    expect(await drainer.drain()).toMatchObject({ created: 0, waiting: true });
    advance(1_500);
    // The failed create was attempted: it is reconciled (nothing found) after its uncertainty.
    advance(10_000);
    expect(await drainer.drain()).toMatchObject({ created: 2 });
    expect(api.issues.map((i) => parseMarker(i.body)?.fingerprint)).toEqual(['v1-0000000000000001', 'v1-0000000000000002']);
  });

  it('drops an op GitHub rejects for good (GHR_ERR_REJECTED) and goes on', async () => {
    const { tracker, drainer, api, store, seen } = setup();
    tracker.observe(event(1, 'medium'));
    await drainer.drain();
    tracker.observe(event(1, 'critical'));
    api.fail({ method: 'addLabels', status: 422 });
    expect(await drainer.drain()).toMatchObject({ dropped: 1, waiting: false });
    expect(seen.map((e) => [e.code, e.status])).toEqual([['GHR_ERR_REJECTED', 422]]);
    expect(store.outboxDepth()).toBe(0);
  });

  it('relabels on escalation: the old severity label goes, the new one comes, with a comment', async () => {
    const { tracker, drainer, api } = setup();
    tracker.observe(event(1, 'medium'));
    await drainer.drain();
    tracker.observe(event(1, 'critical'));
    expect(await drainer.drain()).toMatchObject({ relabelled: 1 });
    expect(api.issues[0]?.labels).toContain('severity-critical');
    expect(api.issues[0]?.labels).not.toContain('severity-medium');
    expect(api.issues[0]?.comments).toHaveLength(1);
  });

  it('reopens an issue closed as completed when it recurs, with a regression comment', async () => {
    const { tracker, drainer, api, store } = setup();
    tracker.observe(event(1));
    await drainer.drain();
    await api.update({ owner: 'safework', repo: 'safework', issue_number: 1, state: 'closed', state_reason: 'completed' });
    store.putTracked({ ...must(store.getTracked('v1-0000000000000001')), status: 'closed_completed' });
    tracker.observe(event(1));
    expect(await drainer.drain()).toMatchObject({ reopened: 1 });
    expect(api.issues[0]).toMatchObject({ state: 'open', state_reason: 'reopened' });
    expect(store.getTracked('v1-0000000000000001')?.status).toBe('open');
  });

  it('reports GHR_ERR_RECONCILE when the index cannot be rebuilt, and creates nothing', async () => {
    const { tracker, drainer, api, seen } = setup();
    tracker.observe(event(1));
    api.fail({ method: 'listForRepo', status: 502 });
    expect(await drainer.drain()).toMatchObject({ created: 0, waiting: true });
    expect(seen.map((e) => e.code)).toEqual(['GHR_ERR_RECONCILE']);
    expect(api.issues).toHaveLength(0);
    expect(await drainer.drain()).toMatchObject({ created: 1 });
  });

  describe('resolving an outage', () => {
    const recovery = (at: string) => ({
      dependency: 'safework-redis',
      firstError: '2024-05-02T10:00:00.000Z',
      downAt: '2024-05-02T10:00:01.000Z',
      recoveredAt: at,
      quietSeconds: 120,
      errors: 14,
      failedRequests: 9,
      byType: { redis_connection: 13, container_unhealthy: 1 },
      containers: ['safework-app', 'safework-worker'],
      routes: ['POST /survey/submit'],
    });

    it('comments the recovery and closes the issue as completed; a recurrence reopens it', async () => {
      const { tracker, drainer, api, store, advance } = setup('en');
      tracker.observe(event(1));
      await drainer.drain();
      advance(180_000);
      expect(tracker.resolve('v1-0000000000000001', recovery('2024-05-02T10:03:00.000Z'))).toBe(true);
      expect(await drainer.drain()).toMatchObject({ resolved: 1 });
      const issue = must(api.issues[0]);
      expect([issue.state, issue.state_reason]).toEqual(['closed', 'completed']);
      expect(issue.comments).toHaveLength(1);
      expect(issue.comments[0]).toContain('safework-redis recovered after about 3 min, with 14 errors and 9 failed requests');
      expect(issue.comments[0]).toContain('`POST /survey/submit`');
      expect(store.getTracked('v1-0000000000000001')?.status).toBe('closed_completed');
      // Resolving a closed issue again does nothing.
      expect(tracker.resolve('v1-0000000000000001', recovery('2024-05-02T10:04:00.000Z'))).toBe(false);

      advance(10_000);
      tracker.observe(event(1));
      expect(await drainer.drain()).toMatchObject({ reopened: 1 });
      expect([issue.state, issue.state_reason]).toEqual(['open', 'reopened']);
      expect(api.issues).toHaveLength(1);
    });

    it('does not close an issue whose problem came back after the recovery was decided', async () => {
      const { tracker, drainer, api, advance } = setup();
      tracker.observe(event(1));
      await drainer.drain();
      advance(180_000);
      tracker.resolve('v1-0000000000000001', recovery('2024-05-02T10:03:00.000Z'));
      advance(1000);
      tracker.observe(event(1));
      expect(await drainer.drain()).toMatchObject({ resolved: 0 });
      expect(api.issues[0]?.state).toBe('open');
      expect(api.issues[0]?.comments).toEqual([]);
    });

    it('resolves an outage whose issue is still being filed, after the create', async () => {
      const { tracker, drainer, api, advance } = setup();
      tracker.observe(event(1));
      advance(1000);
      expect(tracker.resolve('v1-0000000000000001', recovery('2024-05-02T10:00:01.000Z'))).toBe(true);
      expect(await drainer.drain()).toMatchObject({ created: 1, resolved: 1 });
      expect(api.issues[0]?.state).toBe('closed');
    });
  });

  it('rewrites once, with the traceback, the body of an issue filed from a summary line written before it', async () => {
    const { tracker, drainer, api } = setup('en');
    const summary: IssueEvent = { ...event(7), message: '[CRITICAL] database_connection_error: Error 111 (POST /survey/submit)', request: { method: 'POST', url: '/survey/submit' } };
    tracker.observe(summary);
    expect(await drainer.drain()).toMatchObject({ created: 1, enriched: 0 });
    const issue = must(api.issues[0]);
    expect(issue.body).not.toContain('### Traceback');
    const marker = parseMarker(issue.body);
    tracker.observe({ ...event(7), traceback: 'Traceback (most recent call last):\n  File "/app/app.py", line 40, in submit_survey\nredis.exceptions.ConnectionError: Error 111' });
    expect(await drainer.drain()).toMatchObject({ enriched: 1 });
    expect(issue.body).toContain('in submit_survey');
    expect(issue.body).toContain('/survey/submit');
    expect(parseMarker(issue.body)).toEqual(marker);
    // Once: the next traceback counts, and the body stays.
    tracker.observe({ ...event(7), traceback: 'Traceback (most recent call last):\n  File "/app/app.py", line 41, in other\nredis.exceptions.ConnectionError: Error 111' });
    expect(await drainer.drain()).toMatchObject({ enriched: 0 });
    expect(issue.body).toContain('in submit_survey');
    expect(api.issues).toHaveLength(1);
  });
});
