import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStateStore, heartbeatVerdict } from '@safework/state-store';
import { configOrExit } from './environment';

/** `healthcheck`: the container health check; exit 0 when the running monitor's heartbeat is fresh. */
export function healthcheckCommand(write: (text: string) => void = (t) => void process.stdout.write(t)): number {
  const config = configOrExit(write);
  if (typeof config === 'number') return config;
  const path = join(config.STATE_DIR, 'state.db');
  if (!existsSync(path)) {
    write(`unhealthy: no state at ${path} yet\n`);
    return 1;
  }
  const store = SqliteStateStore.open(path, { readonly: true });
  try {
    const verdict = heartbeatVerdict(store.heartbeat('monitor'), Date.now(), config.MONITORING_INTERVAL);
    write(`${verdict.ok ? 'healthy' : 'unhealthy'}: ${verdict.detail}\n`);
    return verdict.ok ? 0 : 1;
  } finally {
    store.close();
  }
}
