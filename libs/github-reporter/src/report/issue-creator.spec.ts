import { parseMarker } from '../compose/issue-composer';
import type { IssueEvent } from '../compose/issue-event';
import type { ReporterError } from '../errors';
import { ErrorSink } from './error-sink';
import { InMemoryIssueCoordinator } from './in-memory-issue-coordinator';
import { InMemoryIssuesApi } from './in-memory-issues-api';
import { InMemoryReporterStore } from './in-memory-reporter-store';
import { IssueTracker } from './issue-tracker';
import { OutboxDrainer } from './outbox-drainer';
import type { IssueCoordinator } from './ports';

const FP = 'v2-00000000000000aa';
const outage: IssueEvent = { type: 'redis_connection', severity: 'critical', fingerprint: FP, container: 'safework-app', message: 'redis.exceptions.ConnectionError: Error 111 connecting to redis:6379. Connection refused.' };

/** Several monitors (hosts): one GitHub, one coordinator, one clock; a store each. */
function hosts(count: number, wrap: (c: IssueCoordinator, host: number) => IssueCoordinator = (c) => c) {
  let now = Date.parse('2024-05-02T10:00:00Z');
  const clock = (): Date => new Date(now);
  const api = new InMemoryIssuesApi({ now: () => now });
  const coordinator = new InMemoryIssueCoordinator(clock);
  const seen: ReporterError[] = [];
  const errors = new ErrorSink((e) => seen.push(e));
  const each = Array.from({ length: count }, (_, h) => {
    const store = new InMemoryReporterStore();
    let n = 0;
    const tracker = new IssueTracker({ store, clock, threshold: 'medium', commentIntervalMs: 60_000, nonce: () => `h${h}-${++n}`, compose: { lang: 'en' } });
    const drainer = new OutboxDrainer({ api, store, clock, owner: 'safework', repo: 'safework', errors, uncertainForMs: 10_000, coordinator: wrap(coordinator, h), hostId: `host-${h}` });
    return { store, tracker, drainer };
  });
  return { api, coordinator, each, seen, now: () => now, advance: (ms: number) => (now += ms) };
}

describe('IssueCreator with several hosts', () => {
  it('three hosts seeing one outage at once file one issue; the others take it', async () => {
    const { api, each, advance } = hosts(3);
    for (const h of each) h.tracker.observe(outage);
    const first = await Promise.all(each.map((h) => h.drainer.drain()));
    expect(first.reduce((n, r) => n + r.created, 0)).toBe(1);
    advance(1_000);
    const second = await Promise.all(each.map((h) => h.drainer.drain()));
    expect(second.reduce((n, r) => n + r.adopted, 0) + first.reduce((n, r) => n + r.adopted, 0)).toBe(2);
    expect(api.issues).toHaveLength(1);
    for (const h of each) expect(h.store.getTracked(FP)).toMatchObject({ issueNumber: 1, status: 'open' });
    // The body names every host that saw it: noted when filed, or added by a host taking it.
    expect(api.issues[0]?.body).toContain('| 발견한 호스트/컨테이너 | `host-0/safework-app`, `host-1/safework-app`, `host-2/safework-app` |');
  });

  it('a host that sees it after it was filed takes the issue and adds itself to the hosts it names', async () => {
    const { api, each, advance } = hosts(2);
    const [a, b] = each as [(typeof each)[0], (typeof each)[0]];
    await b.drainer.rebuildIndex(); // b ran before, when GitHub had nothing
    a.tracker.observe(outage);
    expect(await a.drainer.drain()).toMatchObject({ created: 1 });
    expect(api.issues[0]?.body).toContain('| 발견한 호스트/컨테이너 | `host-0/safework-app` |');
    advance(60_000);
    b.tracker.observe({ ...outage, container: 'safework-app-2' });
    expect(await b.drainer.drain()).toMatchObject({ created: 0, adopted: 1 });
    expect(api.issues).toHaveLength(1);
    expect(api.issues[0]?.body).toContain('| 발견한 호스트/컨테이너 | `host-0/safework-app`, `host-1/safework-app-2` |');
  });

  it('a holder that dies mid-request: the next holder waits out the uncertainty, finds the issue by its marker, files nothing', async () => {
    const { api, each, advance } = hosts(2);
    const [a, b] = each as [(typeof each)[0], (typeof each)[0]];
    // Both ran before: their indexes were built from GitHub when it had nothing.
    await a.drainer.rebuildIndex();
    await b.drainer.rebuildIndex();
    a.tracker.observe(outage);
    b.tracker.observe(outage);
    api.fail({ method: 'create', landed: true }); // A's request lands, A never hears back (killed)
    expect(await a.drainer.drain()).toMatchObject({ created: 0, waiting: true });
    expect(api.issues).toHaveLength(1);
    expect(await b.drainer.drain()).toMatchObject({ created: 0, adopted: 0, waiting: true }); // A holds the lease
    advance(26_000); // past A's lease (uncertainty 10 s + 15 s)
    expect(await b.drainer.drain()).toMatchObject({ created: 0, reconciled: 1 });
    expect(api.issues).toHaveLength(1);
    expect(b.store.getTracked(FP)?.issueNumber).toBe(1);
    expect(parseMarker(api.issues[0]?.body)?.nonce).toMatch(/^h0-/);
  });

  it('a holder that stalls past its lease does not send its create (fencing), and the issue lands once', async () => {
    let stall: (() => void) | undefined;
    const { api, each, advance } = hosts(2, (c, host) => ({
      issueFor: (fp) => c.issueFor(fp),
      sighting: (fp, where) => c.sighting(fp, where),
      acquire: async (fp, ms) => {
        const lease = await c.acquire(fp, ms);
        if (host === 0 && lease) stall?.(); // host 0 freezes right after taking the lease
        return lease;
      },
      attempt: (fp, token, at) => c.attempt(fp, token, at),
      publish: (fp, token, issue) => c.publish(fp, token, issue),
      release: (fp, token) => c.release(fp, token),
    }));
    const [a, b] = each as [(typeof each)[0], (typeof each)[0]];
    a.tracker.observe(outage);
    b.tracker.observe(outage);
    stall = () => advance(30_000);
    expect(await a.drainer.drain()).toMatchObject({ created: 0, waiting: true });
    stall = undefined;
    expect(api.issues).toHaveLength(0);
    expect(await b.drainer.drain()).toMatchObject({ created: 1 });
    advance(2_000);
    expect(await a.drainer.drain()).toMatchObject({ created: 0, adopted: 1 });
    expect(api.issues).toHaveLength(1);
  });

  it('with the coordinator down, creates wait (GHR_ERR_COORDINATION, retried within 10 s) and land once when it is back', async () => {
    const { api, coordinator, each, seen, advance, now } = hosts(2);
    coordinator.down = true;
    for (const h of each) h.tracker.observe(outage);
    for (const h of each) expect(await h.drainer.drain()).toMatchObject({ created: 0, waiting: true });
    expect(seen.map((e) => e.code)).toEqual(['GHR_ERR_COORDINATION', 'GHR_ERR_COORDINATION']);
    for (let i = 0; i < 6; i++) {
      advance(10_000);
      for (const h of each) await h.drainer.drain();
    }
    const head = each[0]?.store.head();
    expect(Date.parse(head?.notBefore ?? '') - now()).toBeLessThanOrEqual(10_000);
    expect(api.issues).toHaveLength(0);
    coordinator.down = false;
    advance(10_000);
    for (const h of each) await h.drainer.drain();
    advance(1_000);
    for (const h of each) await h.drainer.drain();
    expect(api.issues).toHaveLength(1);
    for (const h of each) expect(h.store.getTracked(FP)?.issueNumber).toBe(1);
  });
});
