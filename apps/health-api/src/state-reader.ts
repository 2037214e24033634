import type { ErrorCountRow, Heartbeat, IncidentRow, StoredContainerSample } from '@safework/state-store';

/** Port: what the health API reads of the monitor's state (read-only). */
export interface StateReader {
  heartbeat(component: string): Heartbeat | undefined;
  containers(): Array<{ name: string; sample: StoredContainerSample; updatedAt: string }>;
  errorCounts(from: Date): ErrorCountRow[];
  /** Every hour ever counted, for monotonic counters. */
  errorTotals(): ErrorCountRow[];
  incidents(limit?: number): IncidentRow[];
}
