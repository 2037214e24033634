import { join } from 'node:path';
import { RedisClusterHeartbeats, createRedisClient } from '@safework/shared-state';
import { SqliteDeployStore, SqliteMaintenanceStore, SqliteSilenceStore, SqliteStateStore } from '@safework/state-store';
import { buildApp } from './app';
import { loadHealthConfig } from './config';

/** Listens (`npm run -s health-api`), reading the monitor's state read-only; closes on SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadHealthConfig(process.env);
  } catch (error) {
    process.stderr.write(`health-api: ${(error as Error).message}\n`);
    process.exitCode = 78;
    return;
  }
  const path = join(config.STATE_DIR, 'state.db');
  // The monitor creates the database; until then open it ourselves so the schema exists.
  SqliteStateStore.open(path).close();
  const store = SqliteStateStore.open(path, { readonly: true });
  const redis = config.STATE_REDIS_URL === undefined ? undefined : createRedisClient(config.STATE_REDIS_URL, () => undefined);
  const cluster = redis === undefined ? undefined : new RedisClusterHeartbeats({ redis, prefix: config.STATE_REDIS_PREFIX });
  const app = buildApp({ config, reader: store, autoRefresh: true, sources: { maintenance: new SqliteMaintenanceStore(store.database), issues: store, deploys: new SqliteDeployStore(store.database), silences: new SqliteSilenceStore(store.database) }, ...(cluster === undefined ? {} : { cluster }) });
  await app.listen({ host: config.HEALTH_API_HOST, port: config.HEALTH_API_PORT });
  process.stdout.write(`health API on http://${config.HEALTH_API_HOST}:${config.HEALTH_API_PORT}\n`);
  const stop = (): void => {
    void app.close().then(() => {
      store.close();
      redis?.disconnect();
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
