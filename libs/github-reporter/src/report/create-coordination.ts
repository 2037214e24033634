import { ReporterError } from '../errors';
import { messageOf } from './github-errors';
import type { Clock, CreateLease, IssueCoordinator, SharedIssue } from './ports';

/** What a drainer does with a create, given the other hosts. */
export type CreateClaim =
  /** Another host filed it: take that issue. */
  | { readonly adopt: SharedIssue }
  /** Another host is filing it, or an earlier attempt may still land: ask again later. */
  | { readonly waitMs: number }
  /** This host files it (after reconciling from `reconcileSince`, when given). */
  | { readonly lease: CreateLease; readonly reconcileSince?: string };

/** How long to wait for another host's create before asking again. */
const BUSY_WAIT_MS = 1000;

/**
 * The create protocol of several monitors sharing one `IssueCoordinator` (one Redis): the
 * shared index first, then the create lease, with a fencing token. A lease outlives the
 * holder's uncertainty about its own request (`uncertainForMs`, twice its timeout), so when a
 * holder dies mid-request the next holder waits out that window and then lists issues for the
 * hidden marker before filing: the issue lands once, whoever files it. Without a coordinator
 * (one host) none of this runs.
 */
export class CreateCoordination {
  readonly #coordinator: IssueCoordinator;
  readonly #clock: Clock;
  readonly #uncertainForMs: number;

  constructor(coordinator: IssueCoordinator, clock: Clock, uncertainForMs: number) {
    this.#coordinator = coordinator;
    this.#clock = clock;
    this.#uncertainForMs = uncertainForMs;
  }

  /** The lease lasts the uncertainty window and a margin for the request itself. */
  get leaseMs(): number {
    return this.#uncertainForMs + 15_000;
  }

  /** `where`: this host and the container that saw it (`host/container`). */
  async claim(fingerprint: string, where: string): Promise<CreateClaim> {
    const shared = await this.#call('read the shared issue index', () => this.#coordinator.issueFor(fingerprint));
    if (shared !== undefined) return { adopt: shared };
    // Noted first, so that whichever host files it can name this one too.
    await this.#call('note where it was seen', () => this.#coordinator.sighting(fingerprint, where));
    const lease = await this.#call('take the create lease', () => this.#coordinator.acquire(fingerprint, this.leaseMs));
    if (lease === undefined) return { waitMs: BUSY_WAIT_MS };
    if (lease.earlierAttemptAt === undefined) return { lease };
    // A holder before us was sending a create when its lease ran out: wait until that request
    // can no longer land, then reconcile from when it was sent.
    const settled = Date.parse(lease.earlierAttemptAt) + this.#uncertainForMs;
    const now = this.#clock().getTime();
    if (settled > now) {
      await this.release(fingerprint, lease);
      return { waitMs: settled - now };
    }
    return { lease, reconcileSince: lease.earlierAttemptAt };
  }

  /** Every `host/container` that has seen the problem so far (this one included). */
  seenOn(fingerprint: string, where: string): Promise<string[]> {
    return this.#call('read where it was seen', () => this.#coordinator.sighting(fingerprint, where));
  }

  /**
   * Says the create goes out now; false when the lease ran out (a stall: then it must not).
   * Checked against the local clock too, with a margin, so a request never starts at the end.
   */
  async attempt(fingerprint: string, lease: CreateLease): Promise<boolean> {
    if (this.#clock().getTime() > lease.until - this.#uncertainForMs) return false;
    return this.#call('record the create attempt', () => this.#coordinator.attempt(fingerprint, lease.token, this.#clock().toISOString()));
  }

  publish(fingerprint: string, lease: CreateLease, issue: SharedIssue): Promise<SharedIssue> {
    return this.#call('publish the issue', () => this.#coordinator.publish(fingerprint, lease.token, issue));
  }

  async release(fingerprint: string, lease: CreateLease): Promise<void> {
    try {
      await this.#coordinator.release(fingerprint, lease.token);
    } catch {
      // it expires by itself
    }
  }

  async #call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw new ReporterError('GHR_ERR_COORDINATION', `cannot ${what}: ${messageOf(error)}`, { cause: error });
    }
  }
}
