import type { IssueEvent } from '../compose/issue-event';
import type { ScrubCache } from '../scrub/scrub-cache';
import { scrubDeep, type ScrubOptions } from '../scrub/scrubber';

/** `event`, with the request, user and context it lacks taken from `other`. */
export function withContext(event: IssueEvent, other: IssueEvent): IssueEvent {
  return {
    ...event,
    ...(event.request === undefined && other.request !== undefined ? { request: other.request } : {}),
    ...(event.user === undefined && other.user !== undefined ? { user: other.user } : {}),
    ...(event.context === undefined && other.context !== undefined ? { context: other.context } : {}),
  };
}

// Only what came from the logs is scrubbed: ids such as the fingerprint are not text, and a
// run of digits in one could pass for a card number.
// Field by field: a caller may hand in a richer object (the classifier's event with all its
// lines), and only what an issue shows is kept.
export function scrubbedSample(raw: IssueEvent, cache: ScrubCache, opts: ScrubOptions | undefined): IssueEvent {
  return {
    type: raw.type,
    severity: raw.severity,
    fingerprint: raw.fingerprint,
    container: raw.container,
    ...(raw.aliases === undefined ? {} : { aliases: raw.aliases }),
    ...(raw.time === undefined ? {} : { time: raw.time }),
    ...(raw.ruleId === undefined ? {} : { ruleId: raw.ruleId }),
    ...(raw.image === undefined ? {} : { image: raw.image }),
    ...(raw.imageId === undefined ? {} : { imageId: raw.imageId }),
    ...(raw.deploy === undefined ? {} : { deploy: raw.deploy }),
    ...(raw.dependency === undefined ? {} : { dependency: raw.dependency }),
    ...(raw.reportedBy === undefined ? {} : { reportedBy: raw.reportedBy }),
    ...(raw.maintenance === undefined ? {} : { maintenance: { ...raw.maintenance, reason: raw.maintenance.reason === null ? null : cache.scrub(raw.maintenance.reason) } }),
    message: cache.scrub(raw.message),
    ...(raw.traceback === undefined ? {} : { traceback: cache.scrub(raw.traceback) }),
    ...(raw.context === undefined ? {} : { context: raw.context.map((l) => cache.scrub(l)) }),
    ...(raw.request === undefined ? {} : { request: scrubDeep(raw.request, opts) }),
    ...(raw.user === undefined ? {} : { user: scrubDeep(raw.user, opts) }),
  };
}
