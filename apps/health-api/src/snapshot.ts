import type { ErrorCountRow, IncidentRow } from '@safework/state-store';
import type { StateReader } from './state-reader';

/** One container as the monitor last sampled it. */
export interface ContainerView {
  name: string;
  image: string;
  state: string;
  running: boolean;
  health: string;
  restartCount: number;
  oomKilled: boolean;
  memoryUsageBytes: number | null;
  memoryLimitBytes: number | null;
  cpuPercent: number | null;
  cpuLimitCores: number | null;
  updatedAt: string;
}

/** Everything the routes serve, refreshed every interval: no state or Docker call per request. */
export interface Snapshot {
  takenAt: string;
  heartbeat: { at: string; status: Record<string, unknown> } | undefined;
  containers: ContainerView[];
  /** Hourly counts of the last 30 days. */
  hourly: ErrorCountRow[];
  /** All-time totals by container, type and severity. */
  totals: ErrorCountRow[];
  incidents: IncidentRow[];
}

interface RawSample {
  snapshot?: { name?: string; image?: string; state?: string; running?: boolean; health?: string; restartCount?: number; oomKilled?: boolean; memoryLimit?: number; cpuLimit?: number };
  usage?: { memoryUsageBytes?: number; memoryLimitBytes?: number; cpuPercent?: number };
}

function view(name: string, raw: unknown, updatedAt: string): ContainerView {
  const s = raw as RawSample;
  const snap = s.snapshot ?? {};
  const memoryLimit = s.usage?.memoryLimitBytes ?? (snap.memoryLimit ? snap.memoryLimit : null);
  return {
    name,
    image: snap.image ?? '',
    state: snap.state ?? 'unknown',
    running: snap.running ?? false,
    health: snap.health ?? 'none',
    restartCount: snap.restartCount ?? 0,
    oomKilled: snap.oomKilled ?? false,
    memoryUsageBytes: s.usage?.memoryUsageBytes ?? null,
    memoryLimitBytes: memoryLimit,
    cpuPercent: s.usage?.cpuPercent ?? null,
    cpuLimitCores: snap.cpuLimit ? snap.cpuLimit : null,
    updatedAt,
  };
}

/** Reads the state once into a snapshot. */
export function takeSnapshot(reader: StateReader, now: Date): Snapshot {
  const beat = reader.heartbeat('monitor');
  return {
    takenAt: now.toISOString(),
    heartbeat: beat ? { at: beat.at, status: (beat.status ?? {}) as Record<string, unknown> } : undefined,
    containers: reader.containers().map((c) => view(c.name, c.sample, c.updatedAt)),
    hourly: reader.errorCounts(new Date(now.getTime() - 30 * 24 * 3600_000)),
    totals: reader.errorTotals(),
    incidents: reader.incidents(50),
  };
}
