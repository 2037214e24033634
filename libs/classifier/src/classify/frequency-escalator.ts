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
  // Insertion order doubles as recency order (re-inserted when another fingerprint came between).
  readonly #seen = new Map<string, Recent>();
  #last: string | undefined;

  constructor(options: FrequencyEscalatorOptions = {}) {
    this.#threshold = Math.max(1, options.threshold ?? 10);
    this.#windowMs = options.windowMs ?? 5 * 60_000;
    this.#ceiling = options.ceiling ?? 'high';
    this.#max = options.maxFingerprints ?? 10_000;
  }

  /** Records one occurrence and returns the severity to use for it. */
  observe(fingerprint: string, severity: Severity, now: number): Severity {
    let recent = this.#seen.get(fingerprint);
    if (recent === undefined) {
      recent = { times: new Array<number>(this.#threshold).fill(0), next: 0, filled: 0 };
      this.#seen.set(fingerprint, recent);
      if (this.#seen.size > this.#max) {
        const oldest = this.#seen.keys().next().value;
        if (oldest !== undefined) this.#seen.delete(oldest);
      }
    } else if (fingerprint !== this.#last) {
      this.#seen.delete(fingerprint);
      this.#seen.set(fingerprint, recent);
    }
    this.#last = fingerprint;
    // Only the last `threshold` times matter: a ring, whose next slot holds the oldest of them.
    recent.times[recent.next] = now;
    recent.next = (recent.next + 1) % this.#threshold;
    if (recent.filled < this.#threshold) recent.filled++;
    const oldest = recent.times[recent.next] as number;
    if (recent.filled === this.#threshold && oldest > now - this.#windowMs && severityRank(severity) < severityRank(this.#ceiling)) {
      return raiseSeverity(severity, this.#ceiling);
    }
    return severity;
  }
}

/** The last `threshold` times a fingerprint was seen. */
interface Recent {
  readonly times: number[];
  next: number;
  filled: number;
}
