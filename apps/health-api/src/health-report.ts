import { heartbeatVerdict, isOpen } from '@safework/state-store';
import type { Snapshot } from './snapshot';

type Status = 'pass' | 'warn' | 'fail';

interface CheckResult {
  componentId?: string;
  componentType?: string;
  observedValue?: unknown;
  observedUnit?: string;
  status: Status;
  time?: string;
  output?: string;
}

/** The `application/health+json` document (IETF health-check draft). */
export interface HealthReport {
  status: Status;
  version: string;
  serviceId: string;
  description: string;
  checks: Record<string, CheckResult[]>;
}

const worst = (a: Status, b: Status): Status => (a === 'fail' || b === 'fail' ? 'fail' : a === 'warn' || b === 'warn' ? 'warn' : 'pass');

/**
 * Health from the latest snapshot: `fail` when the monitor's heartbeat is stale (judged by
 * `heartbeatVerdict`, as the container's health check judges it) or Docker is
 * unreachable (the monitor cannot do its job); `warn` for a container in trouble, a GitHub
 * outbox backing up, a recent GitHub error, a public repository that nothing is filed to, or
 * a maintenance window that holds issues back (the monitor works; something needs a look).
 */
export function healthReport(snapshot: Snapshot, now: Date, intervalSeconds: number): HealthReport {
  const checks: Record<string, CheckResult[]> = {};
  const beat = snapshot.heartbeat;
  const verdict = heartbeatVerdict(beat, now.getTime(), intervalSeconds);
  checks['monitor:heartbeat'] = [{ componentType: 'system', observedValue: verdict.ageSeconds, observedUnit: 's', status: verdict.ok ? 'pass' : 'fail', ...(beat ? { time: beat.at } : {}), ...(verdict.ok ? {} : { output: verdict.detail }) }];
  const monitor = beat?.status;
  if (monitor?.state !== 'disabled') {
    const docker = monitor?.dockerConnected === true;
    checks['docker:reachable'] = [{ componentType: 'datastore', observedValue: docker, status: docker ? 'pass' : 'fail', ...(docker ? {} : { output: 'the monitor cannot reach the Docker Engine' }) }];
  }
  const outbox = monitor?.outboxDepth ?? 0;
  const lastError = monitor?.lastReporterError ?? null;
  checks['github:outbox'] = [
    { componentType: 'component', observedValue: outbox, observedUnit: 'operations', status: outbox > 100 || (lastError !== null && outbox > 0) ? 'warn' : 'pass', ...(lastError !== null ? { output: lastError.slice(0, 200) } : {}) },
  ];
  const shared = monitor?.sharedState ?? null;
  if (shared !== null) {
    checks['redis:shared-state'] = [
      { componentType: 'datastore', componentId: shared.hostId, observedValue: shared.connected, status: shared.connected ? 'pass' : 'warn', ...(shared.connected ? {} : { output: 'Redis (STATE_REDIS_URL) is unreachable: new issues wait until it is back; following and counting go on' }) },
    ];
  }
  const held = monitor?.filingHeld ?? null;
  if (held !== null) checks['github:repository'] = [{ componentType: 'component', observedValue: 'drafts', status: 'warn', output: held }];
  const lags = monitor?.ingestLagSeconds ?? {};
  if (Object.keys(lags).length > 0) {
    checks['ingest:lag'] = Object.entries(lags).map(([stream, seconds]) => ({ componentId: stream, observedValue: seconds, observedUnit: 's', status: 'pass' as Status }));
  }
  const open = snapshot.maintenance.filter((w) => isOpen(w, now));
  if (open.length > 0) {
    checks['monitor:maintenance'] = open.map((w) => ({
      componentId: w.containers === null ? 'all containers' : w.containers.join(','),
      componentType: 'component',
      observedValue: w.endsAt,
      status: 'warn' as Status,
      output: `maintenance window until ${w.endsAt}${w.reason === null ? '' : `: ${w.reason}`} (errors are counted, not filed)`,
    }));
  }
  for (const c of snapshot.containers) {
    const trouble = c.health === 'unhealthy' || c.oomKilled || (!c.running && c.state !== 'created');
    checks[`container:${c.name}`] = [
      {
        componentId: c.name,
        componentType: 'container',
        observedValue: { health: c.health, state: c.state, restarts: c.restartCount, oomKilled: c.oomKilled },
        status: trouble ? 'warn' : 'pass',
        time: c.updatedAt,
        ...(trouble ? { output: c.oomKilled ? 'killed for running out of memory' : c.health === 'unhealthy' ? 'health check failing' : `not running (${c.state})` } : {}),
      },
    ];
  }
  const status = Object.values(checks).flat().reduce<Status>((s, c) => worst(s, c.status), 'pass');
  return { status, version: '1', serviceId: 'safework-monitor', description: 'SafeWork Monitor: container errors to GitHub issues', checks };
}
