import type { Redis } from 'ioredis';
import type { SharedComment } from '@safework/github-reporter';
import { RedisClusterHeartbeats } from '../src/cluster-heartbeats';
import { RedisSharedOutbox } from '../src/redis-shared-outbox';
import { createRedisClient } from '../src/redis-client';
import { RedisServer } from './support/redis-server';

const comment = (key: string): SharedComment => ({ key, fingerprint: 'v2-00000000000000aa', issueNumber: 7, body: `note ${key}`, digest: false });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('RedisSharedOutbox: the outbox several hosts share, on a Redis Stream with one consumer group', () => {
  const server = new RedisServer();
  const clients: Redis[] = [];
  /** One outbox per host, sharing one prefix. */
  const hosts = (...ids: string[]): RedisSharedOutbox[] => {
    const prefix = `o-${Date.now()}-${Math.random()}`;
    return ids.map((hostId) => host(hostId, prefix));
  };
  const host = (hostId: string, prefix: string): RedisSharedOutbox => {
    const redis = createRedisClient(server.url, () => undefined);
    clients.push(redis);
    return new RedisSharedOutbox({ redis, hostId, prefix, claimIdleMs: 300 });
  };

  beforeAll(() => server.start());
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await server.dispose();
  });

  it('adds a comment once by its key, and hands each new entry to one host only', async () => {
    const [a, b] = hosts('host-a', 'host-b') as [RedisSharedOutbox, RedisSharedOutbox];
    expect(await a.add(comment('host-a/1/t'))).toBe(true);
    expect(await a.add(comment('host-a/1/t'))).toBe(false); // a retry after a crash
    expect(await b.add(comment('host-b/1/t'))).toBe(true);
    expect(await a.depth()).toBe(2);
    const taken = (await Promise.all([a.take(1), b.take(1)])).flat();
    expect(taken.map((e) => e.key).sort()).toEqual(['host-a/1/t', 'host-b/1/t']);
    expect(taken.every((e) => !e.redelivered)).toBe(true);
    for (const e of taken) await a.done(e.id);
    expect(await a.depth()).toBe(0);
    expect(await b.take(10)).toEqual([]);
  });

  it('takes over the entries of a host that died holding them, after the claim time, marked as handed out before', async () => {
    const prefix = `claim-${Date.now()}`;
    const [a, b] = [host('host-a', prefix), host('host-b', prefix)];
    await a.add(comment('k1'));
    await a.add(comment('k2'));
    const held = await a.take(10);
    expect(held.map((e) => e.key)).toEqual(['k1', 'k2']);
    await a.done(held[0]?.id ?? '');
    // host-a dies holding k2: host-b leaves it alone until it has been idle past the claim time.
    expect(await b.take(10)).toEqual([]);
    await sleep(400);
    const claimed = await b.take(10);
    expect(claimed).toEqual([expect.objectContaining({ key: 'k2', body: 'note k2', issueNumber: 7, redelivered: true })]);
    // Now host-b's: a host-a that comes back does not get it again from the claim.
    const reader = new RedisClusterHeartbeats({ redis: clients[clients.length - 1] as Redis, prefix });
    expect(await reader.sharedOutbox()).toEqual({ depth: 1, heldByHost: new Map([['host-b', 1]]) });
    await b.done(claimed[0]?.id ?? '');
    expect(await a.take(10)).toEqual([]);
    expect(await reader.sharedOutbox()).toEqual({ depth: 0, heldByHost: new Map() });
    expect(await a.depth()).toBe(0);
  });

  it('gives a host that restarts what it held before (as handed out before), and what it has not done on every take', async () => {
    const prefix = `restart-${Date.now()}`;
    const a = host('host-a', prefix);
    await a.add(comment('k1'));
    expect((await a.take(10)).map((e) => [e.key, e.redelivered])).toEqual([['k1', false]]);
    // Not done (its send failed): the next take gives it again.
    expect((await a.take(10)).map((e) => [e.key, e.redelivered])).toEqual([['k1', true]]);
    // The same host id after a restart: a new connection, the same consumer, at once.
    const again = host('host-a', prefix);
    const held = await again.take(10);
    expect(held.map((e) => [e.key, e.redelivered])).toEqual([['k1', true]]);
    await again.done(held[0]?.id ?? '');
    expect(await again.take(10)).toEqual([]);
  });

  it('makes its stream and group again after Redis lost them', async () => {
    const [a] = hosts('host-a') as [RedisSharedOutbox];
    await a.add(comment('k1'));
    await clients[clients.length - 1]?.flushall();
    expect(await a.take(10)).toEqual([]);
    expect(await a.add(comment('k2'))).toBe(true);
    expect((await a.take(10)).map((e) => e.key)).toEqual(['k2']);
  });
});
