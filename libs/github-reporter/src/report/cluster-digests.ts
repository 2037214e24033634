import { composeDigest, type ComposeOptions } from '../compose/issue-composer';
import { queuedOp } from './outbox-op';
import { imagesOf } from './tracked-images';
import type { Clock, OccurrenceLedger, ReporterStore, TrackedIssue } from './ports';

export interface ClusterDigestsOptions {
  readonly store: ReporterStore;
  readonly clock: Clock;
  readonly ledger: OccurrenceLedger;
  /** This host (`MONITOR_HOST_ID`). */
  readonly hostId: string;
  /** At most one digest comment per issue per this many ms, over every host. */
  readonly commentIntervalMs: number;
  readonly compose?: ComposeOptions;
  /** True for a fingerprint the operator silenced: no digest. */
  readonly silenced?: (fingerprint: string) => boolean;
}

/**
 * Digests of the monitors of several hosts: each host writes its own counts to the shared
 * ledger, and whichever host first finds an issue's digest due claims it and posts one comment
 * with every host's count. Without this, each host would post its own digest of its own share.
 * A claim another host holds leaves the issue a candidate for the next tick: its counts go into
 * that host's digest, or into this host's once the claim has lapsed.
 */
export class ClusterDigests {
  readonly #o: ClusterDigestsOptions;

  constructor(options: ClusterDigestsOptions) {
    this.#o = options;
  }

  /** Writes this host's counts, then queues the digests it claims; returns how many. */
  async tick(): Promise<number> {
    const { store, ledger, hostId, commentIntervalMs } = this.#o;
    const now = this.#o.clock();
    const tracked = store.listTracked();
    const pushed = new Map<string, number>();
    const dirty = tracked.filter((t) => t.total !== (t.sharedTotal ?? 0));
    if (dirty.length > 0) {
      await ledger.record(
        hostId,
        dirty.map((t) => ({ fingerprint: t.fingerprint, total: t.total, hours: t.hours })),
      );
      for (const t of dirty) pushed.set(t.fingerprint, t.total);
      store.transaction(() => {
        for (const t of dirty) this.#update(t.fingerprint, (cur) => (cur.sharedTotal = t.total));
      });
    }
    let queued = 0;
    for (const t of tracked) {
      if (t.status !== 'open' || t.sinceComment === 0 || t.muted === true || this.#o.silenced?.(t.fingerprint) === true) continue;
      if (now.getTime() - Date.parse(t.lastCommentAt ?? t.firstSeen) < commentIntervalMs) continue;
      const tally = await ledger.claimDigest(t.fingerprint, commentIntervalMs, now);
      if (tally === undefined) continue;
      store.transaction(() => {
        this.#update(t.fingerprint, (cur) => {
          if (cur.status !== 'open') return;
          // What was counted while the ledger was being written goes into the next digest.
          cur.sinceComment = Math.max(0, cur.total - (pushed.get(cur.fingerprint) ?? cur.sharedTotal ?? cur.total));
          cur.lastCommentAt = now.toISOString();
          if (tally.sinceLast === 0) return;
          const hour = now.toISOString().slice(0, 13);
          const body = composeDigest(
            cur.sample,
            {
              firstSeen: cur.firstSeen,
              lastSeen: cur.lastSeen,
              total: tally.total,
              lastHour: tally.perHour.find(([h]) => h === hour)?.[1] ?? 0,
              sinceLast: tally.sinceLast,
              perHour: tally.perHour.slice(-24),
              perHost: tally.perHost,
              images: imagesOf(cur),
            },
            this.#o.compose,
          );
          store.enqueue(queuedOp(cur.fingerprint, 'comment', now, { body, digest: true }));
          queued++;
        });
      });
    }
    return queued;
  }

  #update(fingerprint: string, change: (tracked: TrackedIssue) => void): void {
    const cur = this.#o.store.getTracked(fingerprint);
    if (cur === undefined) return;
    change(cur);
    this.#o.store.putTracked(cur);
  }
}
