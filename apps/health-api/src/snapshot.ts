import { isOpenOutage, type Silence, type SilenceStore, type TrackedIssue } from '@safework/github-reporter';
import type { Deploy, DeployStore, ErrorCountRow, Heartbeat, IncidentRow, MaintenanceStore, MaintenanceWindow, StoredContainerSample } from '@safework/state-store';
import type { MonitorStateReader } from '@safework/state-store';

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
  heartbeat: Heartbeat | undefined;
  containers: ContainerView[];
  /** Hourly counts of the last 30 days. */
  hourly: ErrorCountRow[];
  /** All-time totals by container, type and severity. */
  totals: ErrorCountRow[];
  incidents: IncidentRow[];
  /** Maintenance windows open or planned (the monitor's `maintenance` command writes them). */
  maintenance: MaintenanceWindow[];
  /** The last five issues filed, newest first. */
  issues: IssueView[];
  /** Outages whose issues are open. */
  outages: IssueView[];
  /** Deploys of the last 30 days (markers on the charts). */
  deploys: Deploy[];
  /** Silences not lifted yet. */
  silences: Silence[];
}

/** An issue as the dashboard lists it. */
export interface IssueView {
  number: number | null;
  url: string | null;
  container: string;
  type: string;
  status: string;
  firstSeen: string;
  lastSeen: string;
  total: number;
}

/** Where the snapshot reads what is beside the monitor's own records (the same database in `main`). */
export interface SnapshotSources {
  readonly maintenance?: Pick<MaintenanceStore, 'maintenanceWindows'>;
  readonly issues?: { listTracked(): TrackedIssue[] };
  readonly deploys?: Pick<DeployStore, 'deploys'>;
  readonly silences?: Pick<SilenceStore, 'activeSilences'>;
}

const issueView = (t: TrackedIssue): IssueView => ({ number: t.issueNumber ?? null, url: t.url ?? null, container: t.sample.container, type: t.type, status: t.status, firstSeen: t.firstSeen, lastSeen: t.lastSeen, total: t.total });

function view(name: string, sample: StoredContainerSample, updatedAt: string): ContainerView {
  const snap = sample.snapshot;
  return {
    name,
    image: snap.image,
    state: snap.state,
    running: snap.running,
    health: snap.health,
    restartCount: snap.restartCount,
    oomKilled: snap.oomKilled,
    memoryUsageBytes: sample.usage?.memoryUsageBytes ?? null,
    // The cgroup's limit when running; the configured one (0 is none) when not.
    memoryLimitBytes: sample.usage?.memoryLimitBytes ?? (snap.memoryLimit > 0 ? snap.memoryLimit : null),
    cpuPercent: sample.usage?.cpuPercent ?? null,
    cpuLimitCores: snap.cpuLimit > 0 ? snap.cpuLimit : null,
    updatedAt,
  };
}

/** Reads the state once into a snapshot. */
export function takeSnapshot(reader: MonitorStateReader, now: Date, sources: SnapshotSources = {}): Snapshot {
  const tracked = sources.issues?.listTracked() ?? [];
  return {
    takenAt: now.toISOString(),
    heartbeat: reader.heartbeat('monitor'),
    containers: reader.containers().map((c) => view(c.name, c.sample, c.updatedAt)),
    hourly: reader.errorCounts(new Date(now.getTime() - 30 * 24 * 3600_000)),
    totals: reader.errorTotals(),
    incidents: reader.incidents(50),
    maintenance: sources.maintenance?.maintenanceWindows(now) ?? [],
    issues: tracked
      .filter((t) => t.issueNumber !== undefined)
      .sort((a, b) => (b.issueNumber ?? 0) - (a.issueNumber ?? 0))
      .slice(0, 5)
      .map(issueView),
    outages: tracked.filter(isOpenOutage).map(issueView),
    deploys: sources.deploys?.deploys(new Date(now.getTime() - 30 * 24 * 3600_000)) ?? [],
    silences: sources.silences?.activeSilences() ?? [],
  };
}
