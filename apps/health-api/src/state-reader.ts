import type { ErrorCountRow, IncidentRow } from '@safework/state-store';

/** Port: what the health API reads of the monitor's state (read-only). */
export interface StateReader {
  heartbeat(component: string): { at: string; status: unknown } | undefined;
  containers(): Array<{ name: string; sample: unknown; updatedAt: string }>;
  errorCounts(from: Date): ErrorCountRow[];
  /** Every hour ever counted, for monotonic counters. */
  errorTotals(): ErrorCountRow[];
  incidents(limit?: number): IncidentRow[];
}
