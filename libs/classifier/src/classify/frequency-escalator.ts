import { raiseSeverity, severityRank, type Severity } from '../severity';

/** Escalation policy: `threshold` occurrences within `windowMs` raise one level, up to `ceiling`. */
export interface FrequencyEscalatorOptions {
  /** Default 10. */
  readonly threshold?: number;
  /** Default 5 minutes. */
  readonly windowMs?: number;
  /** Highest severity escalation may reach; default `high` (critical stays a rule's call). */
  readonly ceiling?: Severity;
  /** Most fingerprints tracked; the least recently seen are forgotten. Default 10 000. */
  readonly maxFingerprints?: number;
}

/**
 * Raises the severity of a fingerprint that repeats often. Pure: the caller passes `now`
 * (milliseconds) with every observation.
 */
export class FrequencyEscalator {
  readonly #threshold: number;
  readonly #windowMs: number;
  readonly #ceiling: Severity;
  readonly #max: number;
  // Insertion order doubles as recency order (re-inserted on every observation).
  readonly #seen = new Map<string, number[]>();

  constructor(options: FrequencyEscalatorOptions = {}) {
    this.#threshold = options.threshold ?? 10;
    this.#windowMs = options.windowMs ?? 5 * 60_000;
    this.#ceiling = options.ceiling ?? 'high';
    this.#max = options.maxFingerprints ?? 10_000;
  }

  /** Records one occurrence and returns the severity to use for it. */
  observe(fingerprint: string, severity: Severity, now: number): Severity {
    const times = this.#seen.get(fingerprint) ?? [];
    this.#seen.delete(fingerprint);
    const from = now - this.#windowMs;
    let drop = 0;
    while (drop < times.length && (times[drop] as number) <= from) drop++;
    if (drop > 0) times.splice(0, drop);
    times.push(now);
    // Only the last `threshold` times matter for the decision.
    if (times.length > this.#threshold) times.splice(0, times.length - this.#threshold);
    this.#seen.set(fingerprint, times);
    if (this.#seen.size > this.#max) {
      const oldest = this.#seen.keys().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    if (times.length >= this.#threshold && severityRank(severity) < severityRank(this.#ceiling)) {
      return raiseSeverity(severity, this.#ceiling);
    }
    return severity;
  }
}
