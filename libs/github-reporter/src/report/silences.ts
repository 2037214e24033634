import type { Clock, TrackedIssue } from './ports';

/** A silence: no digests and no reopening for one fingerprint, until it expires or the rate rises. */
export interface Silence {
  readonly id: number;
  readonly fingerprint: string;
  readonly issueNumber: number | null;
  readonly createdAt: string;
  readonly until: string;
  /** Lifts when the hourly rate passes this many times `rateAtMute`; null for none. */
  readonly untilRate: number | null;
  /** Occurrences per hour when it was set (at least 1). */
  readonly rateAtMute: number;
  readonly reason: string | null;
  readonly liftedAt: string | null;
  readonly liftReason: string | null;
}

export type NewSilence = Omit<Silence, 'id' | 'liftedAt' | 'liftReason'>;

/** Port: silences, set by the CLI (another process) and read by the monitor. */
export interface SilenceStore {
  addSilence(silence: NewSilence): Silence;
  /** Lifts a silence not lifted yet; false when it was already. */
  liftSilence(id: number, at: string, reason: string): boolean;
  /** Silences not lifted yet (expired ones included: lifting them is the monitor's job). */
  activeSilences(): Silence[];
  /** The latest silences, lifted ones included, newest first. */
  recentSilences(limit: number): Silence[];
}

/**
 * Occurrences in the hour before `now`, from a tracked fingerprint's hourly counts: the current
 * clock hour and the part of the previous one that falls in the last sixty minutes.
 */
export function hourlyRate(t: Pick<TrackedIssue, 'hours'>, now: Date): number {
  const hour = now.toISOString().slice(0, 13);
  const previous = new Date(now.getTime() - 3600_000).toISOString().slice(0, 13);
  const into = (now.getTime() % 3600_000) / 3600_000;
  return (t.hours[hour] ?? 0) + (t.hours[previous] ?? 0) * (1 - into);
}

/** Why a silence should lift now, if it should: `expired`, or the rate it was set to wait for. */
export function liftReason(s: Silence, t: Pick<TrackedIssue, 'hours'> | undefined, now: Date): { reason: 'expired' } | { reason: 'rate'; rate: number } | undefined {
  if (Date.parse(s.until) <= now.getTime()) return { reason: 'expired' };
  if (s.untilRate === null || t === undefined) return undefined;
  const rate = hourlyRate(t, now);
  return rate > s.untilRate * s.rateAtMute ? { reason: 'rate', rate } : undefined;
}

/**
 * The silences the monitor applies, read from the store at most once per `refreshMs`, so the
 * per-event check in a flood costs a set lookup.
 */
export class SilenceBook {
  readonly #store: SilenceStore;
  readonly #clock: Clock;
  readonly #refreshMs: number;
  #active: Silence[] = [];
  #fingerprints = new Set<string>();
  #readAt = Number.NEGATIVE_INFINITY;

  constructor(options: { store: SilenceStore; clock: Clock; refreshMs?: number }) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#refreshMs = options.refreshMs ?? 1000;
  }

  isSilenced(fingerprint: string): boolean {
    this.#refresh();
    return this.#fingerprints.has(fingerprint);
  }

  active(): Silence[] {
    this.#refresh();
    return this.#active;
  }

  /** Reads the store on the next question (after a lift). */
  invalidate(): void {
    this.#readAt = Number.NEGATIVE_INFINITY;
  }

  #refresh(): void {
    const now = this.#clock().getTime();
    if (now - this.#readAt < this.#refreshMs) return;
    this.#readAt = now;
    this.#active = this.#store.activeSilences();
    this.#fingerprints = new Set(this.#active.map((s) => s.fingerprint));
  }
}
