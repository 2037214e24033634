import type { Clock, CreateLease, IssueCoordinator, SharedIssue } from './ports';

/**
 * `IssueCoordinator` in memory: several drainers in one process (tests) share it as monitors
 * on several hosts share Redis. Same semantics as the Redis adapter: leases expire by the
 * clock, tokens grow, the first published issue wins.
 */
export class InMemoryIssueCoordinator implements IssueCoordinator {
  readonly #clock: Clock;
  readonly #issues = new Map<string, SharedIssue>();
  readonly #leases = new Map<string, { token: number; until: number }>();
  readonly #attempts = new Map<string, string>();
  readonly #seen = new Map<string, Set<string>>();
  #fence = 0;
  /** Set to make every call fail, as an unreachable Redis does. */
  down = false;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  async issueFor(fingerprint: string): Promise<SharedIssue | undefined> {
    this.#check();
    return this.#issues.get(fingerprint);
  }

  async sighting(fingerprint: string, where: string): Promise<string[]> {
    this.#check();
    const seen = this.#seen.get(fingerprint) ?? new Set<string>();
    seen.add(where);
    this.#seen.set(fingerprint, seen);
    return [...seen].sort();
  }

  async acquire(fingerprint: string, leaseMs: number): Promise<CreateLease | undefined> {
    this.#check();
    const now = this.#clock().getTime();
    const held = this.#leases.get(fingerprint);
    if (held !== undefined && held.until > now) return undefined;
    const lease = { token: ++this.#fence, until: now + leaseMs };
    this.#leases.set(fingerprint, lease);
    const earlier = this.#attempts.get(fingerprint);
    return earlier === undefined ? lease : { ...lease, earlierAttemptAt: earlier };
  }

  async attempt(fingerprint: string, token: number, at: string): Promise<boolean> {
    this.#check();
    if (!this.#holds(fingerprint, token)) return false;
    this.#attempts.set(fingerprint, at);
    return true;
  }

  async publish(fingerprint: string, token: number, issue: SharedIssue): Promise<SharedIssue> {
    this.#check();
    const first = this.#issues.get(fingerprint) ?? issue;
    this.#issues.set(fingerprint, first);
    this.#attempts.delete(fingerprint);
    if (this.#leases.get(fingerprint)?.token === token) this.#leases.delete(fingerprint);
    return first;
  }

  async release(fingerprint: string, token: number): Promise<void> {
    this.#check();
    if (this.#leases.get(fingerprint)?.token === token) this.#leases.delete(fingerprint);
  }

  #holds(fingerprint: string, token: number): boolean {
    const held = this.#leases.get(fingerprint);
    return held !== undefined && held.token === token && held.until > this.#clock().getTime();
  }

  #check(): void {
    if (this.down) throw new Error('coordinator unavailable');
  }
}
