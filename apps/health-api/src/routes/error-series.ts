import type { ErrorCountRow } from '@safework/state-store';

/** The windows `/api/errors` serves, in hours. */
export const WINDOWS: Readonly<Record<string, number>> = { '1h': 1, '24h': 24, '7d': 168, '30d': 720 };

/** One bucket of the error chart: its hour (`2024-05-02T10`) or day, and counts by type. */
export interface ErrorBucket {
  readonly at: string;
  readonly byType: Record<string, number>;
}

/**
 * Hourly counts summed into the buckets of a window ending at `now`. Every bucket of the
 * window is present, empty ones too, so charts have a steady axis.
 */
export function errorSeries(hourly: readonly ErrorCountRow[], now: number, hours: number, bucket: '1h' | '1d'): ErrorBucket[] {
  const from = new Date(now - (hours - 1) * 3600_000).toISOString().slice(0, 13);
  const keyOf = (hour: string): string => (bucket === '1d' ? hour.slice(0, 10) : hour);
  const buckets = new Map<string, Record<string, number>>();
  for (let t = now - (hours - 1) * 3600_000; t <= now; t += bucket === '1d' ? 24 * 3600_000 : 3600_000) {
    buckets.set(keyOf(new Date(t).toISOString().slice(0, 13)), {});
  }
  for (const r of hourly) {
    if (r.hour < from) continue;
    const b = buckets.get(keyOf(r.hour)) ?? {};
    b[r.type] = (b[r.type] ?? 0) + r.count;
    buckets.set(keyOf(r.hour), b);
  }
  return [...buckets].map(([at, byType]) => ({ at, byType }));
}
