import type { ContainerSample } from '@safework/docker-logs';
import type { Heartbeat, MonitorStatusInput, StoredContainerSample } from './monitor-state';

/** One row of hourly error counts. */
export interface ErrorCountRow {
  hour: string;
  container: string;
  type: string;
  severity: string;
  count: number;
}

/** One incident, with the issue it was filed as (when known). */
export interface IncidentRow {
  id: number;
  container: string;
  type: string;
  fingerprint: string;
  message: string;
  startedAt: string;
  recoveredAt: string | null;
  issueNumber: number | null;
  issueUrl: string | null;
}

/** An incident to open. */
export interface NewIncident {
  readonly container: string;
  readonly type: string;
  readonly fingerprint: string;
  readonly message: string;
  readonly startedAt: string;
}

/** Port: what the monitor writes of its figures and status (and the health API reads). */
export interface MonitorStateStore {
  /** Runs `fn` atomically with whatever else it writes to this store. */
  transaction<T>(fn: () => T): T;
  /** Counts `count` detected events in `at`'s UTC hour. */
  countEvent(at: Date, container: string, type: string, severity: string, count?: number): void;
  /** Opens an incident unless one of the same container and type is open; returns its id. */
  openIncident(incident: NewIncident): number;
  /** Records a recovery (nothing is closed on GitHub); returns how many incidents it ended. */
  recoverIncidents(container: string, type: string, at: string): number;
  /** Replaces the container samples (containers no longer present disappear). */
  saveContainers(samples: readonly ContainerSample[], at: string): void;
  writeHeartbeat(component: string, at: string, status: MonitorStatusInput): void;
  heartbeat(component: string): Heartbeat | undefined;
}

/** Port: what the health API reads of the monitor's state (read-only). */
export interface MonitorStateReader {
  heartbeat(component: string): Heartbeat | undefined;
  containers(): Array<{ name: string; sample: StoredContainerSample; updatedAt: string }>;
  /** Counts per hour since `from` (inclusive). */
  errorCounts(from: Date): ErrorCountRow[];
  /** All-time counts by container, type and severity (`hour` is "all"). */
  errorTotals(): ErrorCountRow[];
  incidents(limit?: number): IncidentRow[];
}
