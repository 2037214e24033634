import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isOpenOutage } from '@safework/github-reporter';
import { SqliteMaintenanceStore, SqliteSilenceStore, SqliteStateStore, heartbeatVerdict } from '@safework/state-store';
import { renderStatus } from '../status/status-screen';
import { configOrExit } from './environment';

/**
 * `status`: one screen of what the monitor knows, read from its state database (it works from
 * another process, or with the monitor stopped): containers, open incidents and outages, the
 * outbox, the last five issues, silences and maintenance windows.
 */
export function statusCommand(write: (text: string) => void = (t) => void process.stdout.write(t), now: () => Date = () => new Date()): number {
  const config = configOrExit(write);
  if (typeof config === 'number') return config;
  const path = join(config.STATE_DIR, 'state.db');
  if (!existsSync(path)) {
    write(`no state at ${path}: the monitor has not run with this STATE_DIR\n`);
    return 1;
  }
  const store = SqliteStateStore.open(path, { readonly: true });
  try {
    const t = now();
    const heartbeat = store.heartbeat('monitor');
    const tracked = store.listTracked();
    const status = heartbeat?.status;
    const filing =
      status?.filingHeld != null
        ? `files nothing: ${status.filingHeld}`
        : config.GITHUB_TOKEN === undefined || config.GITHUB_REPO === undefined
          ? `dry run: issues are drafted in ${join(config.LOG_DIR, 'issue-drafts')}`
          : `files to ${config.GITHUB_REPO}`;
    write(
      renderStatus({
        now: t,
        heartbeat,
        alive: heartbeatVerdict(heartbeat, t.getTime(), config.MONITORING_INTERVAL),
        filing,
        containers: store.containers(),
        incidents: store.incidents(20),
        outages: tracked.filter(isOpenOutage),
        outbox: { depth: store.outboxDepth(), lastError: status?.lastReporterError ?? null },
        issues: tracked.filter((i) => i.issueNumber !== undefined).sort((a, b) => (b.issueNumber ?? 0) - (a.issueNumber ?? 0)).slice(0, 5),
        silences: new SqliteSilenceStore(store.database).activeSilences(),
        maintenance: new SqliteMaintenanceStore(store.database).maintenanceWindows(t),
      }),
    );
    return 0;
  } finally {
    store.close();
  }
}
