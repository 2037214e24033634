/*
 * autocannon against /metrics and /health, with a bare Fastify route as the baseline in the
 * same run. Not a test: it prints figures; the last line is `metrics_p99_ms=<n>`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { SqliteStateStore, containerSampleOf } from '@safework/state-store';
import { buildApp } from '../src/app';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);

function seed(path: string): SqliteStateStore {
  const store = SqliteStateStore.open(path);
  const now = Date.now();
  store.writeHeartbeat('monitor', new Date(now).toISOString(), { state: 'running', dockerConnected: true, outboxDepth: 0, ingestLagSeconds: {} });
  store.saveContainers(
    ['safework-app', 'safework-mysql', 'safework-redis', 'error-monitor', 'health-api'].map((name) =>
      containerSampleOf({ name, health: 'healthy', memoryLimit: 2 ** 29, cpuLimit: 0.5 }, { memoryUsageBytes: 2 ** 27, memoryLimitBytes: 2 ** 29, cpuPercent: 5 }),
    ),
    new Date(now).toISOString(),
  );
  const types = ['database_connection', 'redis_connection', 'application_error', 'survey_system', 'authentication'];
  for (let h = 0; h < 30 * 24; h++) for (const t of types) store.countEvent(new Date(now - h * 3600_000), 'safework-app', t, 'high');
  return store;
}

async function load(url: string): Promise<{ rps: number; p99: number }> {
  const result = await autocannon({ url, connections: 10, duration: SECONDS });
  return { rps: result.requests.average, p99: result.latency.p99 };
}

async function main(): Promise<void> {
  const store = seed(join(mkdtempSync(join(tmpdir(), 'bench-health-')), 'state.db'));
  const app = buildApp({ config: { MONITORING_INTERVAL: 30, ISSUE_LANGUAGE: 'en' }, reader: store });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const bare = Fastify();
  bare.get('/', async () => 'ok');
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
  const baseline = await load(bareUrl);
  const metrics = await load(`${base}/metrics`);
  const health = await load(`${base}/health`);
  const fmt = (name: string, r: { rps: number; p99: number }): string => `${name.padEnd(22)} ${Math.round(r.rps).toLocaleString('en-US').padStart(8)} req/s  p99 ${r.p99} ms  (${((r.rps / baseline.rps) * 100).toFixed(0)} % of baseline)`;
  console.log(`autocannon, 10 connections, ${SECONDS} s each`);
  console.log(fmt('bare Fastify route', baseline));
  console.log(fmt('/metrics', metrics));
  console.log(fmt('/health', health));
  for (const [path, r] of [['/metrics', metrics], ['/health', health]] as const) {
    console.log(`RESULT ${JSON.stringify({ figure: `${path} throughput (p99 ${r.p99} ms)`, value: Math.round(r.rps), unit: 'req/s', baseline: Math.round(baseline.rps), baselineLabel: 'a bare Fastify route', ratio: Number((r.rps / baseline.rps).toFixed(2)), target: '≥ 5000 req/s, p99 < 20 ms' })}`);
  }
  console.log(`metrics_p99_ms=${metrics.p99}`);
  await app.close();
  await bare.close();
  store.close();
}

void main();
