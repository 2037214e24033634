import type { IssueEvent } from '../compose/issue-event';

/*
 * Ports of the reporter. `IssuesApi` is shaped after octokit's `rest.issues` methods, declared
 * with `type` so octokit's methods are assignable; this library imports nothing from @octokit.
 */

/** An issue as the REST API returns it (the fields the reporter reads). */
export type GitHubIssue = {
  number: number;
  state: string;
  state_reason?: string | null;
  body?: string | null;
  html_url: string;
  pull_request?: unknown;
  closed_at?: string | null;
  labels: Array<string | { name?: string }>;
};

type Repo = { owner: string; repo: string };

export type IssuesApi = {
  create(params: Repo & { title: string; body?: string; labels?: string[] }): Promise<{ data: GitHubIssue }>;
  get(params: Repo & { issue_number: number }): Promise<{ data: GitHubIssue }>;
  update(
    params: Repo & {
      issue_number: number;
      body?: string;
      state?: 'open' | 'closed';
      state_reason?: 'completed' | 'not_planned' | 'reopened' | null;
    },
  ): Promise<{ data: GitHubIssue }>;
  listForRepo(
    params: Repo & {
      labels?: string;
      state?: 'open' | 'closed' | 'all';
      since?: string;
      sort?: 'created' | 'updated' | 'comments';
      direction?: 'asc' | 'desc';
      per_page?: number;
      page?: number;
    },
  ): Promise<{ data: GitHubIssue[] }>;
  createComment(params: Repo & { issue_number: number; body: string }): Promise<{ data: { id: number } }>;
  listComments(params: Repo & { issue_number: number; since?: string; per_page?: number; page?: number }): Promise<{ data: Array<{ id: number; body?: string | null }> }>;
  addLabels(params: Repo & { issue_number: number; labels: string[] }): Promise<unknown>;
  removeLabel(params: Repo & { issue_number: number; name: string }): Promise<unknown>;
};

/** What the reporter knows about one fingerprint. */
export interface TrackedIssue {
  fingerprint: string;
  container: string;
  type: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  status: 'pending' | 'open' | 'reopening' | 'closed_completed' | 'closed_not_planned';
  issueNumber?: number;
  url?: string;
  firstSeen: string;
  lastSeen: string;
  total: number;
  sinceComment: number;
  /** Occurrences per UTC hour ("2024-05-02T10"), the last 48 hours. */
  hours: Record<string, number>;
  lastCommentAt?: string;
  lastSyncAt?: string;
  /** The latest occurrence, already scrubbed. */
  sample: IssueEvent;
  /** False when the issue was filed from a line without its traceback (a summary written first). */
  filedWithTraceback?: boolean;
  /** With several hosts: the `total` this host last wrote to the shared ledger. */
  sharedTotal?: number;
  /** True while the issue carries the `muted` label (read back from GitHub): no digests, no reopening. */
  muted?: boolean;
  /** The images it was seen in, by image id: how people read each, and when it was first seen there. */
  images?: Record<string, { label: string; first: string }>;
  /** When the issue was last closed (as GitHub says, or when we closed it). */
  closedAt?: string;
}

export type OutboxKind = 'create' | 'comment' | 'sync' | 'relabel' | 'resolve' | 'enrich';

/** One GitHub operation waiting in the durable outbox. */
export interface OutboxOp {
  readonly id: number;
  readonly fingerprint: string;
  readonly kind: OutboxKind;
  /** Write-ahead intent of a create: the nonce that goes into the issue's marker. */
  readonly nonce?: string;
  /** Comment body, composed when the op was queued (a digest, or a resolve's recovery note). */
  readonly body?: string;
  /** For relabel: the severity label to remove. */
  readonly fromSeverity?: string;
  /** For a comment: a digest, dropped when the issue carries the `muted` label. */
  readonly digest?: boolean;
  /** For a sync: the image of the recurrence that asked for it (a regression names it; an older image reopens nothing). */
  readonly image?: string;
  readonly imageId?: string;
  readonly createdAt: string;
  attempts: number;
  notBefore: string;
  /** True once a request was sent: the outcome may be unknown, so reconcile before retrying. */
  attempted: boolean;
  /** When the last request was sent (for how long an outcome stays uncertain). */
  attemptedAt?: string;
  lastError?: string;
}

/** Port: durable reporter state (SQLite in the app, in memory in tests). */
export interface ReporterStore {
  getTracked(fingerprint: string): TrackedIssue | undefined;
  putTracked(tracked: TrackedIssue): void;
  /** Forgets a fingerprint (one folded into the issue of an alias). */
  deleteTracked(fingerprint: string): void;
  listTracked(): TrackedIssue[];
  enqueue(op: Omit<OutboxOp, 'id'>): OutboxOp;
  /** The oldest op. */
  head(): OutboxOp | undefined;
  updateOp(op: OutboxOp): void;
  removeOp(id: number): void;
  outboxDepth(): number;
  /** Runs `fn` atomically. */
  transaction<T>(fn: () => T): T;
  /** True once the fingerprint index was built from GitHub (or started empty). */
  indexBuilt(): boolean;
  markIndexBuilt(at: string): void;
}

/** Port: the time. */
export type Clock = () => Date;

/** An issue another host filed, as the shared index holds it. */
export interface SharedIssue {
  readonly number: number;
  readonly url: string;
}

/** The right to create one fingerprint's issue, for a while. */
export interface CreateLease {
  /** Fencing token: grows with every lease granted; a stale holder's token no longer counts. */
  readonly token: number;
  /** Until when the lease holds (ms since the epoch, by the coordinator's clock). */
  readonly until: number;
  /**
   * When an earlier holder, whose lease ran out, said it was sending a create: its issue may
   * exist without being in the index, so the new holder reconciles from then on.
   */
  readonly earlierAttemptAt?: string;
}

/**
 * Port: issue identity shared by the monitors of several Docker hosts (Redis; absent on one
 * host). Before a create, a monitor asks whether some host already filed the fingerprint's
 * issue, else takes the create lease; only the holder files, and publishes the issue number.
 */
export interface IssueCoordinator {
  /** The issue some host filed for `fingerprint`, if any. */
  issueFor(fingerprint: string): Promise<SharedIssue | undefined>;
  /** Notes that `where` (`host/container`) saw the problem; returns every place noted so far. */
  sighting(fingerprint: string, where: string): Promise<string[]>;
  /** The create lease for `leaseMs`, or undefined while another host holds it. */
  acquire(fingerprint: string, leaseMs: number): Promise<CreateLease | undefined>;
  /**
   * Records that the holder of `token` is sending its create now; false when that lease has
   * run out or passed to another host (then it must not send).
   */
  attempt(fingerprint: string, token: number, at: string): Promise<boolean>;
  /** Publishes the issue (the first published wins) and gives up the lease if `token` holds it. */
  publish(fingerprint: string, token: number, issue: SharedIssue): Promise<SharedIssue>;
  /** Gives up the lease without an issue (the create failed for good). */
  release(fingerprint: string, token: number): Promise<void>;
}

/** One host's own figures for a fingerprint, as it writes them to the shared ledger. */
export interface HostFigures {
  readonly fingerprint: string;
  /** Every occurrence this host counted. */
  readonly total: number;
  /** Its occurrences per UTC hour ("2024-05-02T10"). */
  readonly hours: Readonly<Record<string, number>>;
}

/** A fingerprint's figures over every host, for a digest. */
export interface ClusterTally {
  /** Occurrences on every host since the last digest any host posted. */
  readonly sinceLast: number;
  readonly total: number;
  /** Per host: occurrences since the last digest, and in all. */
  readonly perHost: ReadonlyArray<{ readonly host: string; readonly sinceLast: number; readonly total: number }>;
  /** Occurrences per UTC hour over every host, oldest first. */
  readonly perHour: ReadonlyArray<readonly [string, number]>;
}

/**
 * Port: the occurrence counts of the monitors of several hosts (Redis; absent on one host), so
 * that one digest per issue and interval tells every host's count. Each host writes its own
 * absolute figures, so a write repeated after a crash counts nothing twice.
 */
export interface OccurrenceLedger {
  /** Writes this host's figures (absolute, not increments). */
  record(host: string, figures: readonly HostFigures[]): Promise<void>;
  /**
   * Claims the fingerprint's next digest for `intervalMs`: the cluster's tally since the last
   * digest, which it marks as told; undefined while another host holds the claim.
   */
  claimDigest(fingerprint: string, intervalMs: number, now: Date): Promise<ClusterTally | undefined>;
}
