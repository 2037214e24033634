import type { IssueEvent } from '../compose/issue-event';
import type { TrackedIssue } from './ports';

/** Keeps the images a fingerprint was seen in (the 20 first), with when each was first seen. */
export function noteImage(t: TrackedIssue, event: IssueEvent, iso: string): void {
  const id = event.imageId;
  if (id === undefined || t.images?.[id] !== undefined) return;
  t.images ??= {};
  if (Object.keys(t.images).length < 20) t.images[id] = { label: event.image ?? id, first: iso };
}

/** An outage's issue (a dependency that could not be reached, a container incident), by how it was filed or what just joined it. */
function isOutage(t: Pick<TrackedIssue, 'type' | 'sample'>, event: Pick<IssueEvent, 'type' | 'dependency'>): boolean {
  const outage = (type: string): boolean => type.endsWith('_connection') || type.startsWith('container_');
  return outage(t.type) || outage(event.type) || t.sample.dependency !== undefined || event.dependency !== undefined;
}

/**
 * True when `event` came from an image the problem was seen in before its issue was closed: a
 * code bug seen again in a replica not updated yet, or after a rollback. An outage is no code
 * bug: it recurs in any image, and reopens.
 */
export function ranBeforeClose(t: Pick<TrackedIssue, 'images' | 'closedAt' | 'type' | 'sample'>, event: Pick<IssueEvent, 'imageId' | 'type' | 'dependency'>): boolean {
  if (isOutage(t, event)) return false;
  const seen = event.imageId === undefined ? undefined : t.images?.[event.imageId];
  return seen !== undefined && t.closedAt !== undefined && Date.parse(seen.first) < Date.parse(t.closedAt);
}

/** The images a problem was seen in, as people read them, by when each was first seen. */
export function imagesOf(t: Pick<TrackedIssue, 'images'>): string[] {
  return Object.values(t.images ?? {})
    .sort((a, b) => a.first.localeCompare(b.first))
    .map((i) => i.label);
}
