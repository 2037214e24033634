import type { Redis } from 'ioredis';
import type { ClusterTally, HostFigures, OccurrenceLedger } from '@safework/github-reporter';

/** How long a fingerprint's figures outlive its last write. */
const TALLY_TTL_S = 30 * 24 * 3600;
/** Hours older than this many are dropped at each digest (a digest shows the last 24). */
const KEEP_HOURS = 48;

/*
 * One hash per fingerprint, `<prefix>:tally:<fp>`: `t|<host>` is the host's total (absolute,
 * so a repeated write counts nothing twice), `d|<host>` its total at the last digest, and
 * `h|<hour>|<host>` its count in that UTC hour. The digest claim is `SET NX PX` beside it.
 */
const CLAIM = `
if not redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[1]) then return false end
local all = redis.call('HGETALL', KEYS[1])
local out = {}
for i = 1, #all, 2 do
  local f, v = all[i], all[i + 1]
  local kind = string.sub(f, 1, 2)
  if kind == 't|' then
    local host = string.sub(f, 3)
    local n = tonumber(v)
    local told = tonumber(redis.call('HGET', KEYS[1], 'd|' .. host) or '0')
    local since = n - told
    if since < 0 then since = 0 end
    redis.call('HSET', KEYS[1], 'd|' .. host, n)
    table.insert(out, 't') table.insert(out, host) table.insert(out, since) table.insert(out, n)
  elseif kind == 'h|' then
    local hour = string.sub(f, 3, 15)
    if hour < ARGV[3] then
      redis.call('HDEL', KEYS[1], f)
    else
      table.insert(out, 'h') table.insert(out, hour) table.insert(out, tonumber(v)) table.insert(out, 0)
    end
  end
end
return out`;

/**
 * `OccurrenceLedger` on Redis: every host's counts per fingerprint, and the claim of each
 * digest, so that one host posts it with everyone's figures. Each host's total per fingerprint
 * is also written to `<prefix>:events`, which `RedisClusterHeartbeats.eventsByHost` sums for
 * the health API's metrics.
 */
export class RedisOccurrenceLedger implements OccurrenceLedger {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(options: { redis: Redis; prefix?: string }) {
    this.#redis = options.redis;
    this.#prefix = options.prefix ?? 'safework-monitor';
  }

  async record(host: string, figures: readonly HostFigures[]): Promise<void> {
    // One round trip for every fingerprint a tick touched.
    const batch = this.#redis.multi();
    for (const f of figures) {
      const key = `${this.#prefix}:tally:${f.fingerprint}`;
      const fields: Record<string, number> = { [`t|${host}`]: f.total };
      for (const [hour, n] of Object.entries(f.hours)) fields[`h|${hour}|${host}`] = n;
      batch.hset(key, fields).expire(key, TALLY_TTL_S);
      batch.hset(`${this.#prefix}:events`, `${host}|${f.fingerprint}`, f.total);
    }
    await batch.exec();
  }

  async claimDigest(fingerprint: string, intervalMs: number, now: Date): Promise<ClusterTally | undefined> {
    const cutoff = new Date(now.getTime() - KEEP_HOURS * 3600_000).toISOString().slice(0, 13);
    const tally = `${this.#prefix}:tally:${fingerprint}`;
    const claim = `${this.#prefix}:digest:${fingerprint}`;
    const out = (await this.#redis.eval(CLAIM, 2, tally, claim, String(Math.max(1, intervalMs)), now.toISOString(), cutoff)) as Array<string | number> | null;
    if (out === null) return undefined;
    const perHost: Array<{ host: string; sinceLast: number; total: number }> = [];
    const hours = new Map<string, number>();
    for (let i = 0; i + 3 < out.length; i += 4) {
      const [kind, name, a, b] = [out[i], String(out[i + 1]), Number(out[i + 2]), Number(out[i + 3])];
      if (kind === 't') perHost.push({ host: name, sinceLast: a, total: b });
      else hours.set(name, (hours.get(name) ?? 0) + a);
    }
    perHost.sort((x, y) => x.host.localeCompare(y.host));
    return {
      sinceLast: perHost.reduce((n, h) => n + h.sinceLast, 0),
      total: perHost.reduce((n, h) => n + h.total, 0),
      perHost,
      perHour: [...hours.entries()].sort(([x], [y]) => x.localeCompare(y)),
    };
  }
}
