import type { Occurrences } from '../compose/issue-event';
import type { TrackedIssue } from './ports';

/** A tracked fingerprint's figures at `now`, for an issue body or a digest. */
export function occurrencesOf(t: TrackedIssue, now: Date): Occurrences {
  const hour = now.toISOString().slice(0, 13);
  return { firstSeen: t.firstSeen, lastSeen: t.lastSeen, total: t.total, lastHour: t.hours[hour] ?? 0 };
}
