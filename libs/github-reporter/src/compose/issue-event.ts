/** What the reporter needs of a detected event (the classifier's `DetectedEvent` fits). */
export interface IssueEvent {
  readonly type: string;
  readonly severity: 'low' | 'medium' | 'high' | 'critical';
  readonly fingerprint: string;
  /** Earlier fingerprints of the same problem: an issue tracked under one keeps counting. */
  readonly aliases?: readonly string[];
  readonly container: string;
  readonly message: string;
  readonly time?: string;
  readonly traceback?: string;
  readonly request?: { readonly method?: string; readonly url?: string; readonly clientIp?: string; readonly status?: number };
  readonly user?: { readonly id?: string; readonly name?: string };
  readonly ruleId?: string;
  /** For container incidents: the lines that led up to it. */
  readonly context?: readonly string[];
  /** The image of the container that printed it, as people read it (`name (12 hex of its id)`). */
  readonly image?: string;
  /** That image's id: what tells an old image from the one meant to fix a problem. */
  readonly imageId?: string;
  /** A deploy of that container shortly before (within `DEPLOY_WINDOW`): a new problem is `new-in-deploy`. */
  readonly deploy?: { readonly container: string; readonly fromImage: string; readonly toImage: string; readonly at: string };
  /**
   * For a dependency failure (outage): the dependency the issue is about. `container` then
   * names the dependency and `reportedBy` the container whose logs said it.
   */
  readonly dependency?: { readonly kind: string; readonly host?: string; readonly failure: string };
  readonly reportedBy?: string;
  /** With several hosts: every `host/container` that saw it before the issue was filed. */
  readonly seenOn?: readonly string[];
  /** It went on after a maintenance window that held its occurrences back (the operator's reason). */
  readonly maintenance?: { readonly reason: string | null; readonly from: string; readonly until: string; readonly held: number };
}

/** What an outage issue's recovery comment says: when, how long, how much. */
export interface OutageRecovery {
  readonly dependency: string;
  readonly firstError: string;
  /** When the dependency's container was seen down, if it was. */
  readonly downAt?: string;
  readonly recoveredAt: string;
  readonly quietSeconds: number;
  readonly errors: number;
  readonly failedRequests: number;
  /** Events by type (`redis_connection`, `container_unhealthy`, …). */
  readonly byType: Readonly<Record<string, number>>;
  readonly containers: readonly string[];
  readonly routes: readonly string[];
}

/** Occurrence figures of one fingerprint. */
export interface Occurrences {
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly total: number;
  readonly lastHour: number;
}
