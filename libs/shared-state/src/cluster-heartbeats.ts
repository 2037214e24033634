import type { Redis } from 'ioredis';

/** One host's last heartbeat, as the monitors publish it to the shared Redis. */
export interface HostHeartbeat {
  readonly hostId: string;
  /** When it was written (ISO). */
  readonly at: string;
  /** The monitor's status record (`MonitorStatus`); null once its key expired (the host is gone). */
  readonly status: Record<string, unknown> | null;
}

/** Port: every host's heartbeat and counts, for a cluster view (the health API reads it). */
export interface ClusterReader {
  hosts(): Promise<HostHeartbeat[]>;
  /** Events each host counted into issues (host → total), as its monitor last wrote them. */
  eventsByHost(): Promise<Map<string, number>>;
  /** The comments queued in the outbox the hosts share, and how many each host holds unsent. */
  sharedOutbox(): Promise<{ depth: number; heldByHost: Map<string, number> }>;
}

/** Hosts not heard from for this long drop out of the list. */
const FORGET_AFTER_MS = 7 * 24 * 3600 * 1000;

/**
 * Heartbeats of the monitors of several hosts in Redis (and the counts `RedisOccurrenceLedger`
 * writes beside them): each writes its status under its host
 * id (expiring after a few missed beats) and its time in a sorted set, so a reader lists every
 * host, the silent ones included (their status then null), each host's health API can show the
 * cluster.
 */
export class RedisClusterHeartbeats implements ClusterReader {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(options: { redis: Redis; prefix?: string }) {
    this.#redis = options.redis;
    this.#prefix = options.prefix ?? 'safework-monitor';
  }

  async beat(hostId: string, at: Date, status: object, ttlSeconds: number): Promise<void> {
    const hosts = `${this.#prefix}:hosts`;
    await this.#redis
      .multi()
      .set(`${this.#prefix}:host:${hostId}`, JSON.stringify({ at: at.toISOString(), status }), 'EX', ttlSeconds)
      .zadd(hosts, at.getTime(), hostId)
      .zremrangebyscore(hosts, '-inf', at.getTime() - FORGET_AFTER_MS)
      .exec();
  }

  async hosts(): Promise<HostHeartbeat[]> {
    const ids = await this.#redis.zrange(`${this.#prefix}:hosts`, 0, -1, 'WITHSCORES');
    const hosts: Array<{ id: string; at: number }> = [];
    for (let i = 0; i + 1 < ids.length; i += 2) hosts.push({ id: ids[i] as string, at: Number(ids[i + 1]) });
    if (hosts.length === 0) return [];
    const values = await this.#redis.mget(...hosts.map((h) => `${this.#prefix}:host:${h.id}`));
    return hosts
      .map((h, i) => {
        const raw = values[i];
        if (raw === null || raw === undefined) return { hostId: h.id, at: new Date(h.at).toISOString(), status: null };
        const beat = JSON.parse(raw) as { at: string; status: Record<string, unknown> };
        return { hostId: h.id, at: beat.at, status: beat.status };
      })
      .sort((a, b) => a.hostId.localeCompare(b.hostId));
  }

  async eventsByHost(): Promise<Map<string, number>> {
    // `<host>|<fingerprint>` → that host's total for it (see RedisOccurrenceLedger).
    const all = await this.#redis.hgetall(`${this.#prefix}:events`);
    const byHost = new Map<string, number>();
    for (const [field, n] of Object.entries(all)) {
      const host = field.slice(0, field.lastIndexOf('|'));
      byHost.set(host, (byHost.get(host) ?? 0) + Number(n));
    }
    return byHost;
  }

  async sharedOutbox(): Promise<{ depth: number; heldByHost: Map<string, number> }> {
    // See RedisSharedOutbox: the stream `<prefix>:outbox`, its group `senders`.
    const stream = `${this.#prefix}:outbox`;
    const depth = await this.#redis.xlen(stream);
    if (depth === 0) return { depth, heldByHost: new Map() };
    const summary = (await this.#redis.xpending(stream, 'senders').catch(() => [0, null, null, null])) as [number, string | null, string | null, Array<[string, string]> | null];
    return { depth, heldByHost: new Map((summary[3] ?? []).map(([host, n]) => [host, Number(n)])) };
  }
}
