import type { Redis } from 'ioredis';
import { RedisClusterHeartbeats } from '../src/cluster-heartbeats';
import { RedisIssueCoordinator } from '../src/redis-issue-coordinator';
import { RedisOccurrenceLedger } from '../src/redis-occurrence-ledger';
import { createRedisClient } from '../src/redis-client';
import { RedisServer } from './support/redis-server';

const FP = 'v2-00000000000000aa';

describe('shared state in a real redis-server: RedisIssueCoordinator, RedisOccurrenceLedger, RedisClusterHeartbeats', () => {
  const server = new RedisServer();
  const clients: Redis[] = [];
  const coordinator = (host: string): RedisIssueCoordinator => {
    const redis = createRedisClient(server.url, () => undefined);
    clients.push(redis);
    return new RedisIssueCoordinator({ redis, hostId: host, prefix: `t${clients.length}-${Date.now()}` });
  };
  /** Coordinators of several hosts sharing one prefix. */
  const cluster = (n: number): RedisIssueCoordinator[] => {
    const prefix = `c-${Date.now()}-${Math.random()}`;
    return Array.from({ length: n }, (_, i) => {
      const redis = createRedisClient(server.url, () => undefined);
      clients.push(redis);
      return new RedisIssueCoordinator({ redis, hostId: `host-${i}`, prefix });
    });
  };

  beforeAll(() => server.start());
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await server.dispose();
  });

  it('grants one lease among hosts racing for it, with growing fencing tokens', async () => {
    const hosts = cluster(5);
    const leases = await Promise.all(hosts.map((h) => h.acquire(FP, 10_000)));
    const granted = leases.filter((l) => l !== undefined);
    expect(granted).toHaveLength(1);
    const [a] = hosts as [RedisIssueCoordinator];
    expect(await a.acquire('v2-other', 10_000)).toMatchObject({ token: (granted[0]?.token ?? 0) + 1 });
  });

  it('fences: only the current holder may record an attempt; after expiry a successor sees the attempt and publishes once', async () => {
    const [a, b] = cluster(2) as [RedisIssueCoordinator, RedisIssueCoordinator];
    const first = await a.acquire(FP, 200);
    expect(first).toBeDefined();
    expect(await b.attempt(FP, (first?.token ?? 0) + 99, new Date().toISOString())).toBe(false);
    expect(await a.attempt(FP, first?.token ?? 0, '2024-05-02T10:00:00.000Z')).toBe(true);
    expect(await b.acquire(FP, 10_000)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300)); // A's lease runs out (A died)
    expect(await a.attempt(FP, first?.token ?? 0, new Date().toISOString())).toBe(false);
    const second = await b.acquire(FP, 10_000);
    expect(second).toMatchObject({ earlierAttemptAt: '2024-05-02T10:00:00.000Z' });
    expect(second?.token).toBeGreaterThan(first?.token ?? 0);
    expect(await b.publish(FP, second?.token ?? 0, { number: 7, url: 'https://github.com/o/r/issues/7' })).toEqual({ number: 7, url: 'https://github.com/o/r/issues/7' });
    // A late publisher (a duplicate) does not replace the first.
    expect(await a.publish(FP, first?.token ?? 0, { number: 8, url: 'u8' })).toEqual({ number: 7, url: 'https://github.com/o/r/issues/7' });
    expect(await a.issueFor(FP)).toEqual({ number: 7, url: 'https://github.com/o/r/issues/7' });
    // Published: the lease and the attempt record are gone.
    expect(await a.acquire(FP, 1000)).toMatchObject({ token: expect.any(Number) });
    expect((await a.acquire('v2-fresh', 1000))?.earlierAttemptAt).toBeUndefined();
  });

  it('collects where a problem was seen, across hosts', async () => {
    const [a, b] = cluster(2) as [RedisIssueCoordinator, RedisIssueCoordinator];
    expect(await a.sighting(FP, 'host-0/app-1')).toEqual(['host-0/app-1']);
    expect(await b.sighting(FP, 'host-1/app-2')).toEqual(['host-0/app-1', 'host-1/app-2']);
    expect(await a.sighting(FP, 'host-0/app-1')).toEqual(['host-0/app-1', 'host-1/app-2']);
  });

  it('tallies every host\'s counts for one digest at a time, each count once, the old hours dropped', async () => {
    const prefix = `ledger-${Date.now()}`;
    const [a, b] = [0, 1].map(() => {
      const redis = createRedisClient(server.url, () => undefined);
      clients.push(redis);
      return new RedisOccurrenceLedger({ redis, prefix });
    }) as [RedisOccurrenceLedger, RedisOccurrenceLedger];
    const now = new Date('2024-05-04T10:30:00Z');
    await a.record('host-a', [{ fingerprint: FP, total: 3, hours: { '2024-05-01T09': 1, '2024-05-04T10': 2 } }]);
    await b.record('host-b', [{ fingerprint: FP, total: 2, hours: { '2024-05-04T10': 2 } }]);
    // Written again after a restart: absolute figures, nothing counted twice.
    await a.record('host-a', [{ fingerprint: FP, total: 3, hours: { '2024-05-01T09': 1, '2024-05-04T10': 2 } }]);
    const claims = await Promise.all([a.claimDigest(FP, 300, now), b.claimDigest(FP, 300, now)]);
    const first = claims.find((c) => c !== undefined);
    expect(claims.filter((c) => c === undefined)).toHaveLength(1);
    expect(first).toEqual({
      sinceLast: 5,
      total: 5,
      perHost: [
        { host: 'host-a', sinceLast: 3, total: 3 },
        { host: 'host-b', sinceLast: 2, total: 2 },
      ],
      perHour: [['2024-05-04T10', 4]], // the hour three days back is gone
    });
    await new Promise((r) => setTimeout(r, 400));
    await b.record('host-b', [{ fingerprint: FP, total: 6, hours: { '2024-05-04T10': 6 } }]);
    expect(await a.claimDigest(FP, 300, now)).toMatchObject({ sinceLast: 4, total: 9, perHost: [{ host: 'host-a', sinceLast: 0 }, { host: 'host-b', sinceLast: 4 }] });
    const reader = new RedisClusterHeartbeats({ redis: clients[clients.length - 1] as Redis, prefix });
    expect(await reader.eventsByHost()).toEqual(new Map([['host-a', 3], ['host-b', 6]]));
  });

  it('release gives the lease up only for its own token', async () => {
    const [a, b] = cluster(2) as [RedisIssueCoordinator, RedisIssueCoordinator];
    const lease = await a.acquire(FP, 10_000);
    await b.release(FP, (lease?.token ?? 0) + 1);
    expect(await b.acquire(FP, 10_000)).toBeUndefined();
    await a.release(FP, lease?.token ?? 0);
    expect(await b.acquire(FP, 10_000)).toBeDefined();
  });

  it('lists every host\'s heartbeat, a silent one with its last time and no status', async () => {
    const redis = createRedisClient(server.url, () => undefined);
    clients.push(redis);
    const beats = new RedisClusterHeartbeats({ redis, prefix: `hb-${Date.now()}` });
    await beats.beat('node-b', new Date('2024-05-02T10:00:05Z'), { state: 'running' }, 60);
    await beats.beat('node-a', new Date('2024-05-02T10:00:00Z'), { state: 'running' }, 1);
    await new Promise((r) => setTimeout(r, 1100)); // node-a's key expires
    expect(await beats.hosts()).toEqual([
      { hostId: 'node-a', at: '2024-05-02T10:00:00.000Z', status: null },
      { hostId: 'node-b', at: '2024-05-02T10:00:05.000Z', status: { state: 'running' } },
    ]);
  });

  it('fails fast while Redis is down, and works again when it is back', async () => {
    const c = coordinator('host-x');
    expect(await c.issueFor(FP)).toBeUndefined();
    await server.stop();
    const started = Date.now();
    await expect(c.issueFor(FP)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
    await server.start();
    let back = false;
    for (let i = 0; i < 50 && !back; i++) {
      back = await c.acquire(FP, 1000).then(() => true, () => false);
      if (!back) await new Promise((r) => setTimeout(r, 100));
    }
    expect(back).toBe(true);
  });
});
