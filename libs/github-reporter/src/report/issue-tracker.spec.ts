import { InMemoryReporterStore } from './in-memory-reporter-store';
import { IssueTracker, atLeast } from './issue-tracker';
import type { IssueEvent } from '../compose/issue-event';

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing');
  return value;
}

const event = (over: Partial<IssueEvent> = {}): IssueEvent => ({
  type: 'redis_connection',
  severity: 'critical',
  fingerprint: 'v1-0000000000000001',
  container: 'safework-app',
  message: 'redis.exceptions.ConnectionError: Error 111 connecting to safework-redis:6379. password=hunter2',
  ...over,
});

function setup(threshold: 'high' | 'medium' = 'high') {
  let now = Date.parse('2024-05-02T10:00:00Z');
  const store = new InMemoryReporterStore();
  let n = 0;
  const tracker = new IssueTracker({ store, clock: () => new Date(now), threshold, commentIntervalMs: 60_000, syncIntervalMs: 30_000, nonce: () => `nonce-${++n}` });
  const ops = (): Array<[string, string]> => {
    const out: Array<[string, string]> = [];
    for (let op = store.head(); op !== undefined; op = store.head()) {
      out.push([op.kind, op.fingerprint]);
      store.removeOp(op.id);
    }
    return out;
  };
  return { store, tracker, ops, advance: (ms: number) => (now += ms) };
}

describe('IssueTracker', () => {
  it.each([
    ['low', 'high', false],
    ['medium', 'high', false],
    ['high', 'high', true],
    ['critical', 'high', true],
    ['medium', 'medium', true],
  ] as const)('atLeast(%s, %s) is %s', (severity, threshold, expected) => {
    expect(atLeast(severity, threshold)).toBe(expected);
  });

  it('queues one create for a new fingerprint, with a nonce, and only counts recurrences', () => {
    const { tracker, store, ops } = setup();
    expect(tracker.observe(event())).toBe('create-queued');
    expect(store.head()?.nonce).toBe('nonce-1');
    expect(tracker.observe(event())).toBe('counted');
    expect(tracker.observe(event())).toBe('counted');
    expect(ops()).toEqual([['create', 'v1-0000000000000001']]);
    expect(store.getTracked('v1-0000000000000001')).toMatchObject({ total: 3, sinceComment: 2, status: 'pending' });
  });

  it('ignores events below the threshold', () => {
    const { tracker, store } = setup();
    expect(tracker.observe(event({ severity: 'medium' }))).toBe('below-threshold');
    expect(store.outboxDepth()).toBe(0);
    expect(store.listTracked()).toEqual([]);
  });

  it('scrubs what came from the logs before it is stored, and leaves the fingerprint alone', () => {
    const { tracker, store } = setup();
    tracker.observe(event({ fingerprint: 'v1-4111111111111111' }));
    const sample = store.getTracked('v1-4111111111111111')?.sample;
    expect(sample?.message).not.toContain('hunter2');
    expect(sample?.fingerprint).toBe('v1-4111111111111111');
  });

  it('queues a relabel when a recurrence is more severe', () => {
    const { tracker, store, ops } = setup('medium');
    tracker.observe(event({ severity: 'medium' }));
    tracker.observe(event({ severity: 'critical' }));
    expect(ops()).toEqual([['create', 'v1-0000000000000001'], ['relabel', 'v1-0000000000000001']]);
    expect(store.getTracked('v1-0000000000000001')?.severity).toBe('critical');
  });

  it('checks an open issue at most once per sync interval, and always one closed as completed', () => {
    const { tracker, store, ops, advance } = setup();
    tracker.observe(event());
    store.putTracked({ ...must(store.getTracked('v1-0000000000000001')), status: 'open', issueNumber: 7, lastSyncAt: new Date(Date.parse('2024-05-02T10:00:00Z')).toISOString() });
    ops();
    expect(tracker.observe(event())).toBe('counted');
    advance(31_000);
    expect(tracker.observe(event())).toBe('reopen-check-queued');
    store.putTracked({ ...must(store.getTracked('v1-0000000000000001')), status: 'closed_completed' });
    expect(tracker.observe(event())).toBe('reopen-check-queued');
    expect(store.getTracked('v1-0000000000000001')?.status).toBe('reopening');
    expect(ops()).toEqual([['sync', 'v1-0000000000000001'], ['sync', 'v1-0000000000000001']]);
  });

  it('counts, but never reopens, an issue closed as not planned', () => {
    const { tracker, store, ops } = setup();
    tracker.observe(event());
    store.putTracked({ ...must(store.getTracked('v1-0000000000000001')), status: 'closed_not_planned', issueNumber: 7 });
    ops();
    expect(tracker.observe(event({ severity: 'critical' }))).toBe('counted');
    expect(ops()).toEqual([]);
    expect(store.getTracked('v1-0000000000000001')?.total).toBe(2);
  });

  it('queues a digest once the comment interval has passed and something recurred', () => {
    const { tracker, store, ops, advance } = setup();
    tracker.observe(event());
    store.putTracked({ ...must(store.getTracked('v1-0000000000000001')), status: 'open', issueNumber: 7, lastCommentAt: '2024-05-02T10:00:00.000Z', lastSyncAt: '2024-05-02T10:00:00.000Z' });
    ops();
    expect(tracker.tick()).toBe(0); // nothing recurred
    tracker.observe(event());
    expect(tracker.tick()).toBe(0); // too soon
    advance(61_000);
    expect(tracker.tick()).toBe(1);
    expect(tracker.tick()).toBe(0);
    const digest = store.head();
    expect(digest?.kind).toBe('comment');
    expect(digest?.body).toContain('1');
    expect(store.getTracked('v1-0000000000000001')?.sinceComment).toBe(0);
  });
});

describe('IssueTracker.observeAll', () => {
  it('records a batch exactly as one event at a time would', () => {
    const events = [
      event({ severity: 'medium' }),
      event(),
      event({ fingerprint: 'v1-0000000000000002' }),
      event({ severity: 'high' }),
      event({ fingerprint: 'v1-0000000000000002', message: 'last one, token=abc123' }),
    ];
    const one = setup('medium');
    const batch = setup('medium');
    const singly = events.map((e) => one.tracker.observe(e));
    expect(batch.tracker.observeAll(events)).toEqual(singly);
    expect(batch.store.listTracked()).toEqual(one.store.listTracked());
    expect(batch.ops()).toEqual(one.ops());
    expect(batch.store.getTracked('v1-0000000000000002')?.sample.message).not.toContain('abc123');
  });
});

describe('IssueTracker across a fingerprint scheme change', () => {
  it('counts an event into the issue tracked under its alias, and files no new one', () => {
    const { tracker, store, ops } = setup();
    tracker.observe(event({ fingerprint: 'v1-00000000000000aa' }));
    store.putTracked({ ...must(store.getTracked('v1-00000000000000aa')), status: 'open', issueNumber: 3, lastSyncAt: '2024-05-02T10:00:00.000Z' });
    ops();
    expect(tracker.observe(event({ fingerprint: 'v2-00000000000000bb', aliases: ['v1-00000000000000aa'] }))).toBe('counted');
    expect(ops()).toEqual([]);
    expect(store.getTracked('v2-00000000000000bb')).toBeUndefined();
    expect(store.getTracked('v1-00000000000000aa')?.total).toBe(2);
  });

  it('files under the new fingerprint when no alias is tracked', () => {
    const { tracker, ops } = setup();
    expect(tracker.observe(event({ fingerprint: 'v2-00000000000000bb', aliases: ['v1-00000000000000aa'] }))).toBe('create-queued');
    expect(ops()).toEqual([['create', 'v2-00000000000000bb']]);
  });
});

describe('IssueTracker, the event an issue is filed from', () => {
  it('prefers the record with the traceback over a summary line that came before or after it, keeping the request', () => {
    const store = new InMemoryReporterStore();
    const now = Date.parse('2024-05-02T10:00:00Z');
    const tracker = new IssueTracker({ store, clock: () => new Date(now), threshold: 'high', commentIntervalMs: 60_000, nonce: () => 'n' });
    const base = { type: 'redis_connection', severity: 'critical' as const, fingerprint: 'v2-0000000000000001', container: 'safework-redis' };
    tracker.observe({ ...base, message: '[CRITICAL] database_connection_error: Error -2 connecting to safework-redis:6379. password=hunter2', request: { method: 'POST', url: '/survey/submit' } });
    tracker.observe({ ...base, message: 'redis.exceptions.ConnectionError: Error -2 connecting to safework-redis:6379.', traceback: 'Traceback (most recent call last):\n  File "/app/app.py", line 40, in submit_survey\nredis.exceptions.ConnectionError: Error -2' });
    tracker.observe({ ...base, message: 'Health check failed: redis: Error 111' });
    const sample = store.getTracked(base.fingerprint)?.sample;
    expect(sample?.traceback).toContain('in submit_survey');
    expect(sample?.request).toEqual({ method: 'POST', url: '/survey/submit' });
    expect(JSON.stringify(sample)).not.toContain('hunter2');
  });
});

describe('IssueTracker, resolving an outage', () => {
  it('scrubs the routes of the recovery note, which come from the logs', () => {
    const store = new InMemoryReporterStore();
    const tracker = new IssueTracker({ store, clock: () => new Date('2024-05-02T10:05:00Z'), threshold: 'high', commentIntervalMs: 60_000, nonce: () => 'n', compose: { lang: 'en' } });
    tracker.observe({ type: 'redis_connection', severity: 'critical', fingerprint: 'v2-0000000000000002', container: 'safework-redis', message: 'Error 111' });
    const recovery = { dependency: 'safework-redis', firstError: '2024-05-02T10:00:00Z', recoveredAt: '2024-05-02T10:05:00Z', quietSeconds: 120, errors: 3, failedRequests: 1, byType: { redis_connection: 3 }, containers: ['safework-app'], routes: ['GET /users/kim.minsu@example.com/answers'] };
    expect(tracker.resolve('v2-0000000000000002', recovery)).toBe(true);
    const ops: string[] = [];
    for (let op = store.head(); op !== undefined; op = store.head()) {
      ops.push(op.body ?? '');
      store.removeOp(op.id);
    }
    expect(ops.join('\n')).toContain('safework-redis recovered');
    expect(ops.join('\n')).not.toContain('kim.minsu@example.com');
  });
});
