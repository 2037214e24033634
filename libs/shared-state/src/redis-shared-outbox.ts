import type { Redis } from 'ioredis';
import type { SharedComment, SharedEntry, SharedOutbox } from '@safework/github-reporter';

/** How long the key of a comment handed over is remembered: longer than any retry after a crash. */
const KEY_TTL_S = 7 * 24 * 3600;
const GROUP = 'senders';

// Adds the entry only the first time its key is seen: a host that crashed after the add and
// before removing the op from its own outbox adds nothing the second time.
const ADD = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
redis.call('XADD', KEYS[2], '*', 'c', ARGV[2])
return 1`;

type StreamEntry = [id: string, fields: string[]] | null;

export interface RedisSharedOutboxOptions {
  readonly redis: Redis;
  /** This host (`MONITOR_HOST_ID`): its consumer name in the group. */
  readonly hostId: string;
  readonly prefix?: string;
  /** How long an entry another host took stays its own before this host may take it over. */
  readonly claimIdleMs?: number;
}

/**
 * `SharedOutbox` on a Redis Stream, `<prefix>:outbox`, with one consumer group: each host is a
 * consumer named by its host id. A take reads, in one round trip, the entries this host holds
 * from before (its pending ones: a restart, or a send that failed), those another host has held
 * past `claimIdleMs` (`XAUTOCLAIM`: it died or stalled), and new ones (`>`). `done` acknowledges
 * and deletes.
 */
export class RedisSharedOutbox implements SharedOutbox {
  readonly #redis: Redis;
  readonly #host: string;
  readonly #prefix: string;
  readonly #stream: string;
  readonly #claimIdleMs: number;
  #group: Promise<void> | undefined;

  constructor(options: RedisSharedOutboxOptions) {
    this.#redis = options.redis;
    this.#host = options.hostId;
    this.#prefix = options.prefix ?? 'safework-monitor';
    this.#stream = `${this.#prefix}:outbox`;
    this.#claimIdleMs = options.claimIdleMs ?? 30_000;
  }

  async add(comment: SharedComment): Promise<boolean> {
    await this.#ensureGroup();
    const added = await this.#redis.eval(ADD, 2, `${this.#prefix}:outbox-key:${comment.key}`, this.#stream, String(KEY_TTL_S), JSON.stringify(comment));
    return added === 1;
  }

  async take(count: number): Promise<SharedEntry[]> {
    await this.#ensureGroup();
    try {
      return await this.#take(count);
    } catch (error) {
      // The stream and its group are gone (a Redis that restarted without its data): make them again.
      if (!String((error as Error).message).includes('NOGROUP')) throw error;
      this.#group = undefined;
      await this.#ensureGroup();
      return this.#take(count);
    }
  }

  async #take(count: number): Promise<SharedEntry[]> {
    const n = String(count);
    const replies = await this.#redis
      .pipeline()
      .xreadgroup('GROUP', GROUP, this.#host, 'COUNT', n, 'STREAMS', this.#stream, '0')
      .xautoclaim(this.#stream, GROUP, this.#host, this.#claimIdleMs, '0-0', 'COUNT', n)
      .xreadgroup('GROUP', GROUP, this.#host, 'COUNT', n, 'STREAMS', this.#stream, '>')
      .exec();
    const [own, claimed, fresh] = (replies ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    });
    const entries = (reply: unknown): StreamEntry[] => ((reply as Array<[string, StreamEntry[]]> | null)?.[0]?.[1] ?? []);
    const seen = new Set<string>();
    const out: SharedEntry[] = [];
    const push = (list: StreamEntry[], redelivered: boolean): void => {
      for (const e of list) {
        // An entry deleted while pending comes back without its fields: it was done.
        if (e === null || !Array.isArray(e[1]) || seen.has(e[0]) || out.length >= count) continue;
        seen.add(e[0]);
        const json = e[1][e[1].indexOf('c') + 1];
        if (json !== undefined) out.push({ ...(JSON.parse(json) as SharedComment), id: e[0], redelivered });
      }
    };
    push(entries(own), true);
    push(((claimed as [string, StreamEntry[]] | null)?.[1] ?? []), true);
    push(entries(fresh), false);
    return out;
  }

  async done(id: string): Promise<void> {
    await this.#redis.pipeline().xack(this.#stream, GROUP, id).xdel(this.#stream, id).exec();
  }

  depth(): Promise<number> {
    return this.#redis.xlen(this.#stream);
  }

  #ensureGroup(): Promise<void> {
    this.#group ??= this.#redis.xgroup('CREATE', this.#stream, GROUP, '0', 'MKSTREAM').then(
      () => undefined,
      (error: Error) => {
        if (error.message.includes('BUSYGROUP')) return;
        this.#group = undefined;
        throw error;
      },
    );
    return this.#group;
  }
}
