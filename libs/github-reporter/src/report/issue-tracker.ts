import { composeDigest, composeRecovery, type ComposeOptions } from '../compose/issue-composer';
import type { IssueEvent, OutageRecovery } from '../compose/issue-event';
import { ScrubCache } from '../scrub/scrub-cache';
import { scrub } from '../scrub/scrubber';
import { occurrencesOf } from './occurrences';
import { scrubbedSample, withContext } from './sample';
import { imagesOf, noteImage, ranBeforeClose } from './tracked-images';
import { queuedOp } from './outbox-op';
import type { Clock, OutboxOp, ReporterStore, TrackedIssue } from './ports';

const RANK = { low: 0, medium: 1, high: 2, critical: 3 } as const;
/** A severity the reporter ranks. */
export type Severity = keyof typeof RANK;

export interface IssueTrackerOptions {
  readonly store: ReporterStore;
  readonly clock: Clock;
  /** Lowest severity that gets an issue (`ERROR_SEVERITY_THRESHOLD`). */
  readonly threshold: Severity;
  /** At most one digest comment per issue per this many ms (`REPORT_COMMENT_INTERVAL`). */
  readonly commentIntervalMs: number;
  /** How often a recurring issue's state is re-read (to reopen one closed as completed). */
  readonly syncIntervalMs?: number;
  /** Nonces for write-ahead intents. */
  readonly nonce: () => string;
  readonly compose?: ComposeOptions;
  /** True for a fingerprint the operator silenced: it is counted, with no digest, escalation or reopening. */
  readonly silenced?: (fingerprint: string) => boolean;
}

/** What `observe` did with an event. */
export type ObserveResult = 'below-threshold' | 'create-queued' | 'counted' | 'reopen-check-queued';

/** True when `severity` is at least `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

/**
 * Tracks fingerprints and decides what GitHub must hear, without talking to it: the first
 * event of a fingerprint queues a create in the outbox; a recurrence is counted, and queues a
 * relabel when it is more severe and a state check when the issue may have been closed; due
 * digests are queued by `tick`. Everything it does is one store transaction.
 */
export class IssueTracker {
  readonly #o: IssueTrackerOptions;
  readonly #scrub: ScrubCache;

  constructor(options: IssueTrackerOptions) {
    this.#o = options;
    this.#scrub = new ScrubCache(options.compose?.scrub);
  }

  /** Records one event (no I/O): queues a create, or counts a recurrence. */
  observe(raw: IssueEvent): ObserveResult {
    return this.observeAll([raw])[0] ?? 'below-threshold';
  }

  /**
   * Records a batch of events as `observe` would one by one, in one transaction: each
   * fingerprint is read and written once, and only the sample it keeps (its last event) is
   * scrubbed. A flood of one error costs a few writes per chunk, not a few per line.
   */
  observeAll(events: readonly IssueEvent[]): ObserveResult[] {
    const now = this.#o.clock();
    const iso = now.toISOString();
    const hour = iso.slice(0, 13);
    const store = this.#o.store;
    return store.transaction(() => {
      // Per fingerprint: its record, the batch's last event, and its last one with a traceback.
      const touched = new Map<string, { readonly tracked: TrackedIssue; last: IssueEvent; cause: IssueEvent | undefined }>();
      // A fingerprint not tracked yet whose alias is (an issue filed under an earlier scheme)
      // counts into the alias: an upgrade files no duplicate.
      const known = (fp: string): boolean => touched.has(fp) || store.getTracked(fp) !== undefined;
      const keyOf = (event: IssueEvent): string => {
        if (event.aliases === undefined || known(event.fingerprint)) return event.fingerprint;
        return event.aliases.find(known) ?? event.fingerprint;
      };
      const results = events.map((observed): ObserveResult => {
        if (!atLeast(observed.severity, this.#o.threshold)) return 'below-threshold';
        const key = keyOf(observed);
        const event = key === observed.fingerprint ? observed : Object.assign({}, observed, { fingerprint: key });
        const seen = touched.get(event.fingerprint);
        // A flood is runs of one fingerprint: its entry is updated in place.
        if (seen !== undefined) {
          seen.last = event;
          if (event.traceback !== undefined) seen.cause = event;
          return this.#recur(seen.tracked, event, now, iso, hour);
        }
        const tracked = store.getTracked(event.fingerprint);
        const cause = event.traceback === undefined ? undefined : event;
        if (tracked === undefined) {
          touched.set(event.fingerprint, {
            tracked: { fingerprint: event.fingerprint, container: event.container, type: event.type, severity: event.severity, status: 'pending', firstSeen: iso, lastSeen: iso, total: 1, sinceComment: 0, hours: { [hour]: 1 }, sample: event, ...(event.imageId === undefined ? {} : { images: { [event.imageId]: { label: event.image ?? event.imageId, first: iso } } }) },
            last: event,
            cause,
          });
          store.enqueue(this.#op(event.fingerprint, 'create', { nonce: this.#o.nonce() }));
          return 'create-queued';
        }
        touched.set(event.fingerprint, { tracked, last: event, cause });
        return this.#recur(tracked, event, now, iso, hour);
      });
      for (const { tracked, last, cause } of touched.values()) {
        if (tracked.status === 'pending') {
          tracked.sample = this.#filedSample(tracked.sample, last, cause);
        } else if (tracked.filedWithTraceback === false && cause !== undefined && tracked.status === 'open') {
          // Filed from a summary line whose traceback came in a later write: rewrite the body
          // once, with the traceback, rather than hold every new issue back waiting for one.
          tracked.sample = this.#filedSample(tracked.sample, last, cause);
          tracked.filedWithTraceback = true;
          store.enqueue(this.#op(tracked.fingerprint, 'enrich'));
        } else {
          tracked.sample = this.#scrubbed(last);
        }
        store.putTracked(tracked);
      }
      return results;
    });
  }

  /** Counts a recurrence into `tracked`; queues a relabel or a state check where due. */
  #recur(tracked: TrackedIssue, event: IssueEvent, now: Date, iso: string, hour: string): ObserveResult {
    tracked.total++;
    tracked.sinceComment++;
    tracked.lastSeen = iso;
    if (tracked.hours[hour] === undefined) {
      // A new hour: the place to drop hours past the last 48.
      tracked.hours[hour] = 0;
      for (const h of Object.keys(tracked.hours).sort().slice(0, -48)) delete tracked.hours[h];
    }
    tracked.hours[hour] = (tracked.hours[hour] ?? 0) + 1;
    noteImage(tracked, event, iso);
    let result: ObserveResult = 'counted';
    // Silenced or muted: counted, no escalation, no reopening; an open issue is still re-read
    // now and then (that is how a `muted` label taken off is noticed).
    const quiet = this.#quiet(tracked);
    if (!quiet && RANK[event.severity] > RANK[tracked.severity] && tracked.status !== 'closed_not_planned') {
      this.#o.store.enqueue(this.#op(event.fingerprint, 'relabel', { fromSeverity: tracked.severity }));
      tracked.severity = event.severity;
    }
    // Closed as completed and seen again only in an image that ran before the close (a replica not
    // updated yet, a rollback): counted, not reopened. The image meant to fix it, or a newer one, reopens.
    if (tracked.status === 'closed_completed' && ranBeforeClose(tracked, event)) return result;
    if (tracked.status === 'open' || (tracked.status === 'closed_completed' && !quiet)) {
      const last = tracked.lastSyncAt ? Date.parse(tracked.lastSyncAt) : 0;
      if (tracked.status === 'closed_completed' || now.getTime() - last >= (this.#o.syncIntervalMs ?? 60_000)) {
        this.#o.store.enqueue(this.#op(event.fingerprint, 'sync', { ...(event.image === undefined ? {} : { image: event.image }), ...(event.imageId === undefined ? {} : { imageId: event.imageId }) }));
        tracked.lastSyncAt = iso;
        if (tracked.status === 'closed_completed') tracked.status = 'reopening';
        result = 'reopen-check-queued';
      }
    }
    return result;
  }

  /**
   * An outage is over: queues its recovery comment and the close (as completed). Only an
   * issue that is open (or about to be filed) is resolved; a recurrence after this reopens it.
   */
  resolve(fingerprint: string, recovery: OutageRecovery): boolean {
    const store = this.#o.store;
    return store.transaction(() => {
      const t = store.getTracked(fingerprint);
      if (t === undefined || (t.status !== 'open' && t.status !== 'pending')) return false;
      // Routes come from the logs: a path can carry an e-mail or a token.
      const opts = this.#o.compose?.scrub;
      const scrubbed = { ...recovery, routes: recovery.routes.map((r) => scrub(r, opts)), containers: recovery.containers.map((c) => scrub(c, opts)) };
      store.enqueue(this.#op(fingerprint, 'resolve', { body: composeRecovery(scrubbed, this.#o.compose) }));
      // The recovery note tells the whole outage: nothing is left for a digest.
      t.sinceComment = 0;
      store.putTracked(t);
      return true;
    });
  }

  /** Queues digest comments that are due (call every `MONITORING_INTERVAL`); returns how many. */
  tick(): number {
    const now = this.#o.clock();
    let queued = 0;
    const store = this.#o.store;
    store.transaction(() => {
      for (const t of store.listTracked()) {
        if (t.status !== 'open' || t.sinceComment === 0 || this.#quiet(t)) continue;
        const last = Date.parse(t.lastCommentAt ?? t.firstSeen);
        if (now.getTime() - last < this.#o.commentIntervalMs) continue;
        const body = composeDigest(t.sample, { ...occurrencesOf(t, now), sinceLast: t.sinceComment, perHour: Object.entries(t.hours).sort().slice(-24), images: imagesOf(t) }, this.#o.compose);
        store.enqueue(this.#op(t.fingerprint, 'comment', { body, digest: true }));
        t.sinceComment = 0;
        t.lastCommentAt = now.toISOString();
        store.putTracked(t);
        queued++;
      }
    });
    return queued;
  }

  /** Silenced by the operator, or muted with the label on GitHub. */
  #quiet(t: TrackedIssue): boolean {
    return t.muted === true || this.#o.silenced?.(t.fingerprint) === true;
  }

  /**
   * The event an issue not yet filed is written from: the one with a traceback (the cause)
   * over a summary line of the same problem, with the request and user the other one had.
   */
  #filedSample(kept: IssueEvent, last: IssueEvent, cause: IssueEvent | undefined): IssueEvent {
    // Scrubbing is idempotent: `kept` is raw when the fingerprint is new in this batch.
    const latest = this.#scrubbed(last);
    const earlier = this.#scrubbed(kept);
    const withTraceback = latest.traceback !== undefined ? latest : cause !== undefined ? this.#scrubbed(cause) : earlier.traceback !== undefined ? earlier : undefined;
    if (withTraceback === undefined) return withContext(latest, earlier);
    return withContext(withContext(withTraceback, latest), earlier);
  }

  #scrubbed(raw: IssueEvent): IssueEvent {
    return scrubbedSample(raw, this.#scrub, this.#o.compose?.scrub);
  }

  #op(fingerprint: string, kind: OutboxOp['kind'], extra: Partial<OutboxOp> = {}): Omit<OutboxOp, 'id'> {
    return queuedOp(fingerprint, kind, this.#o.clock(), extra);
  }
}
