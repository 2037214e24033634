import type { Redis } from 'ioredis';
import type { Clock, CreateLease, IssueCoordinator, SharedIssue } from '@safework/github-reporter';

/** Keys of one fingerprint, under the deployment's prefix. */
const keys = (prefix: string, fp: string): { issue: string; lease: string; attempt: string; seen: string; fence: string } => ({
  issue: `${prefix}:issue:${fp}`,
  lease: `${prefix}:lease:${fp}`,
  attempt: `${prefix}:attempt:${fp}`,
  seen: `${prefix}:seen:${fp}`,
  fence: `${prefix}:fence`,
});

/** How long an attempt record and the places a problem was seen are kept: long enough for any successor. */
const RECORD_TTL_S = 7 * 24 * 3600;

// Each script runs atomically in Redis: check-and-set without a race between hosts.
const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], token .. ' ' .. ARGV[2], 'PX', ARGV[1])
return {token, redis.call('GET', KEYS[3]) or ''}`;
const ATTEMPT = `
local held = redis.call('GET', KEYS[1])
if not held or string.match(held, '^%d+') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
return 1`;
const PUBLISH = `
redis.call('SET', KEYS[1], ARGV[2], 'NX')
local held = redis.call('GET', KEYS[2])
if held and string.match(held, '^%d+') == ARGV[1] then redis.call('DEL', KEYS[2]) end
redis.call('DEL', KEYS[3])
return redis.call('GET', KEYS[1])`;
const RELEASE = `
local held = redis.call('GET', KEYS[1])
if held and string.match(held, '^%d+') == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;

export interface RedisIssueCoordinatorOptions {
  readonly redis: Redis;
  /** This monitor's host (`MONITOR_HOST_ID`), written beside its leases for whoever looks. */
  readonly hostId: string;
  /** Key prefix: one per deployment sharing the Redis. Default `safework-monitor`. */
  readonly prefix?: string;
  readonly clock?: Clock;
}

/**
 * `IssueCoordinator` on Redis, for monitors on several Docker hosts: the fingerprint → issue
 * index (`SET NX`: the first published issue wins), the create lease (`SET NX PX`, its value
 * a fencing token from `INCR` and the holder's host), and the record of an attempt in flight
 * for a successor to reconcile from. Every check-and-set is one Lua script.
 */
export class RedisIssueCoordinator implements IssueCoordinator {
  readonly #redis: Redis;
  readonly #host: string;
  readonly #prefix: string;
  readonly #clock: Clock;

  constructor(options: RedisIssueCoordinatorOptions) {
    this.#redis = options.redis;
    this.#host = options.hostId;
    this.#prefix = options.prefix ?? 'safework-monitor';
    this.#clock = options.clock ?? (() => new Date());
  }

  async issueFor(fingerprint: string): Promise<SharedIssue | undefined> {
    const raw = await this.#redis.get(keys(this.#prefix, fingerprint).issue);
    return raw === null ? undefined : (JSON.parse(raw) as SharedIssue);
  }

  async sighting(fingerprint: string, where: string): Promise<string[]> {
    const key = keys(this.#prefix, fingerprint).seen;
    const result = await this.#redis.multi().sadd(key, where).expire(key, RECORD_TTL_S).smembers(key).exec();
    const members = result?.[2]?.[1];
    return Array.isArray(members) ? (members as string[]).sort() : [where];
  }

  async acquire(fingerprint: string, leaseMs: number): Promise<CreateLease | undefined> {
    const k = keys(this.#prefix, fingerprint);
    // The lease is timed here before Redis starts it: it ends, by this clock, no later than there.
    const until = this.#clock().getTime() + leaseMs;
    const got = (await this.#redis.eval(ACQUIRE, 3, k.lease, k.fence, k.attempt, String(leaseMs), this.#host)) as [number, string] | null;
    if (got === null) return undefined;
    const [token, earlier] = got;
    return earlier === '' ? { token: Number(token), until } : { token: Number(token), until, earlierAttemptAt: earlier };
  }

  async attempt(fingerprint: string, token: number, at: string): Promise<boolean> {
    const k = keys(this.#prefix, fingerprint);
    return (await this.#redis.eval(ATTEMPT, 2, k.lease, k.attempt, String(token), at, String(RECORD_TTL_S))) === 1;
  }

  async publish(fingerprint: string, token: number, issue: SharedIssue): Promise<SharedIssue> {
    const k = keys(this.#prefix, fingerprint);
    const first = (await this.#redis.eval(PUBLISH, 3, k.issue, k.lease, k.attempt, String(token), JSON.stringify({ number: issue.number, url: issue.url }))) as string;
    return JSON.parse(first) as SharedIssue;
  }

  async release(fingerprint: string, token: number): Promise<void> {
    await this.#redis.eval(RELEASE, 1, keys(this.#prefix, fingerprint).lease, String(token));
  }
}
