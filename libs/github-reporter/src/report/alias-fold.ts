import type { ReporterStore } from './ports';

/**
 * A fingerprint whose alias already has an issue (filed under the earlier scheme, found when
 * the index was rebuilt after the observe): its counts go to that issue, and it is forgotten.
 * Returns true when it was folded (no create is due).
 */
export function foldIntoAlias(store: ReporterStore, fingerprint: string): boolean {
  return store.transaction(() => {
    const tracked = store.getTracked(fingerprint);
    const alias = tracked?.sample.aliases?.map((a) => store.getTracked(a)).find((t) => t?.issueNumber !== undefined);
    if (tracked === undefined || alias === undefined) return false;
    alias.total += tracked.total;
    alias.sinceComment += tracked.total;
    alias.lastSeen = tracked.lastSeen;
    for (const [hour, n] of Object.entries(tracked.hours)) alias.hours[hour] = (alias.hours[hour] ?? 0) + n;
    alias.sample = tracked.sample;
    store.putTracked(alias);
    store.deleteTracked(fingerprint);
    return true;
  });
}
