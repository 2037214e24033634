import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { SqliteStateStore, containerSampleOf } from '@safework/state-store';
import { buildApp } from '../src/app';
import { launchBrowser } from './support/browser';

// Real parsers and a real browser: promtool (Debian's prometheus) and Debian's chromium.
const root = join(__dirname, '../../..');
const artifacts = join(root, 'test-artifacts');

function seed(path: string): SqliteStateStore {
  const store = SqliteStateStore.open(path);
  const now = Date.now();
  store.writeHeartbeat('monitor', new Date(now).toISOString(), { state: 'running', dockerConnected: true, outboxDepth: 2, lastReporterError: null, ingestLagSeconds: { 'safework-app/stdout': 1 } });
  const sample = (name: string, health: 'healthy' | 'unhealthy', mem: number, limit: number, cpu: number, cpus: number, restarts: number) =>
    containerSampleOf({ name, health, restartCount: restarts, memoryLimit: limit, cpuLimit: cpus }, { memoryUsageBytes: mem, memoryLimitBytes: limit, cpuPercent: cpu });
  store.saveContainers(
    [
      sample('safework-app', 'healthy', 420 * 2 ** 20, 2 ** 30, 35, 1, 1),
      sample('safework-mysql', 'healthy', 300 * 2 ** 20, 512 * 2 ** 20, 12, 0.5, 0),
      sample('safework-redis', 'unhealthy', 120 * 2 ** 20, 128 * 2 ** 20, 2, 0.25, 3),
    ],
    new Date(now).toISOString(),
  );
  const types = ['database_connection', 'redis_connection', 'application_error'];
  for (let h = 0; h < 30 * 24; h += 5) {
    for (let k = 0; k < ((h * 7) % 5) + 1; k++) store.countEvent(new Date(now - h * 3600_000), 'safework-app', types[(h + k) % 3] as string, 'high');
  }
  store.openIncident({ container: 'safework-redis', type: 'container_unhealthy', fingerprint: 'v1-00000000000000aa', message: 'Container safework-redis has been unhealthy for 45 s', startedAt: new Date(now - 600_000).toISOString() });
  return store;
}

describe('health API with real tools', () => {
  const dir = mkdtempSync(join(tmpdir(), 'health-api-'));
  const store = seed(join(dir, 'state.db'));
  const app = buildApp({ config: { MONITORING_INTERVAL: 30, ISSUE_LANGUAGE: 'ko' }, reader: store });
  let browser: BrowserContext | undefined;
  afterAll(async () => {
    await browser?.close();
    await app.close();
    store.close();
  });

  it('emits metrics that promtool accepts', async () => {
    const text = (await app.inject('/metrics')).body;
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(check.error).toBeUndefined();
    expect(`${check.stdout}${check.stderr}`.trim()).toBe('');
    expect(check.status).toBe(0);
  });

  it('shows cards and a non-empty chart in a real browser (screenshot saved)', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(address);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    expect(await page.locator('.card').count()).toBe(3);
    expect(await page.locator('.card[data-container="safework-redis"] .badge').textContent()).toBe('unhealthy');
    const total = await page.evaluate(() => {
      const chart = (globalThis as unknown as { Chart: { getChart(id: string): { data: { datasets: Array<{ data: number[] }> } } | undefined } }).Chart.getChart('daily');
      return chart?.data.datasets.flatMap((d) => d.data).reduce((a, b) => a + b, 0) ?? 0;
    });
    expect(total).toBeGreaterThan(0);
    expect(await page.locator('#incidents tr').count()).toBe(1);
    // Nothing is fetched from anywhere but this server.
    expect(requests.every((u) => u.startsWith(address))).toBe(true);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'dashboard.png'), fullPage: true });
  });
});
