import type { Clock } from './ports';
import type { SharedComment, SharedEntry, SharedOutbox } from './shared-outbox';

interface Held {
  readonly entry: SharedComment & { readonly id: string };
  owner: string | undefined;
  deliveredAt: number;
  deliveries: number;
}

/**
 * `SharedOutbox` in memory, with the Redis Stream's semantics: one queue several reporters in
 * one process (tests) share, each through `forHost`, as the monitors of several hosts share
 * Redis.
 */
export class InMemorySharedQueue {
  readonly #entries: Held[] = [];
  readonly #keys = new Set<string>();
  readonly #clock: Clock;
  readonly #claimIdleMs: number;
  #next = 1;
  /** Set to make every call fail, as an unreachable Redis does. */
  down = false;

  constructor(options: { clock: Clock; claimIdleMs?: number }) {
    this.#clock = options.clock;
    this.#claimIdleMs = options.claimIdleMs ?? 30_000;
  }

  forHost(host: string): SharedOutbox {
    return {
      add: async (comment) => {
        this.#check();
        if (this.#keys.has(comment.key)) return false;
        this.#keys.add(comment.key);
        this.#entries.push({ entry: { ...comment, id: String(this.#next++) }, owner: undefined, deliveredAt: 0, deliveries: 0 });
        return true;
      },
      take: async (count) => {
        this.#check();
        const now = this.#clock().getTime();
        const mine = this.#entries.filter((h) => h.owner === host);
        const stale = this.#entries.filter((h) => h.owner !== undefined && h.owner !== host && now - h.deliveredAt > this.#claimIdleMs);
        const fresh = this.#entries.filter((h) => h.owner === undefined);
        return [...mine, ...stale, ...fresh].slice(0, count).map((h): SharedEntry => {
          const redelivered = h.deliveries > 0;
          h.owner = host;
          h.deliveredAt = now;
          h.deliveries++;
          return { ...h.entry, redelivered };
        });
      },
      done: async (id) => {
        this.#check();
        const i = this.#entries.findIndex((h) => h.entry.id === id);
        if (i >= 0) this.#entries.splice(i, 1);
      },
      depth: async () => {
        this.#check();
        return this.#entries.length;
      },
    };
  }

  #check(): void {
    if (this.down) throw new Error('connect ECONNREFUSED (shared outbox down)');
  }
}
