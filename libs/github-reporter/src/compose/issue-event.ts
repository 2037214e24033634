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
  readonly image?: string;
}

/** Occurrence figures of one fingerprint. */
export interface Occurrences {
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly total: number;
  readonly lastHour: number;
}
