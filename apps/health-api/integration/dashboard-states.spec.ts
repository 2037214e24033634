import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { TrackedIssue } from '@safework/github-reporter';
import { SqliteDeployStore, SqliteMaintenanceStore, SqliteSilenceStore, SqliteStateStore, containerSampleOf } from '@safework/state-store';
import { buildApp } from '../src/app';
import { launchBrowser } from './support/browser';

// The dashboard in a real browser in the three states an on-call engineer must tell apart at a
// glance: all well, an outage in progress, a maintenance window. A screenshot of each is saved.
const artifacts = join(__dirname, '../../../test-artifacts');
const HOUR = 3600_000;

const issue = (number: number, over: Partial<TrackedIssue>): TrackedIssue => ({
  fingerprint: `v2-${String(number).padStart(16, '0')}`,
  container: 'safework-app',
  type: 'application_error',
  severity: 'high',
  status: 'closed_completed',
  issueNumber: number,
  url: `https://github.com/safework/safework/issues/${number}`,
  firstSeen: new Date(Date.now() - 5 * HOUR).toISOString(),
  lastSeen: new Date(Date.now() - 4 * HOUR).toISOString(),
  total: 3,
  sinceComment: 0,
  hours: {},
  sample: { type: 'application_error', severity: 'high', fingerprint: `v2-${String(number).padStart(16, '0')}`, container: 'safework-app', message: 'KeyError: department' },
  ...over,
});

describe('the dashboard in three states (real browser, screenshots saved)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
  const store = SqliteStateStore.open(join(dir, 'state.db'));
  const windows = new SqliteMaintenanceStore(store.database);
  const app = buildApp({
    config: { MONITORING_INTERVAL: 30, ISSUE_LANGUAGE: 'en' },
    reader: store,
    sources: { maintenance: windows, issues: store, deploys: new SqliteDeployStore(store.database), silences: new SqliteSilenceStore(store.database) },
  });
  let browser: BrowserContext | undefined;
  let page: Page;
  let address: string;
  const beat = (): void => store.writeHeartbeat('monitor', new Date().toISOString(), { state: 'running', dockerConnected: true });
  const containers = (redisRunning: boolean): void =>
    store.saveContainers(
      [
        containerSampleOf({ name: 'safework-app', health: 'healthy', imageId: `sha256:${'b'.repeat(64)}` }, { memoryUsageBytes: 300 * 2 ** 20, memoryLimitBytes: 2 ** 30, cpuPercent: 20 }),
        containerSampleOf({ name: 'safework-mysql', health: 'healthy' }, { memoryUsageBytes: 200 * 2 ** 20, memoryLimitBytes: 2 ** 29, cpuPercent: 5 }),
        redisRunning ? containerSampleOf({ name: 'safework-redis', health: 'healthy' }) : containerSampleOf({ name: 'safework-redis', running: false, state: 'exited', health: 'none' }),
      ],
      new Date().toISOString(),
    );
  const show = async (name: string): Promise<void> => {
    app.refresh();
    await page.goto(`${address}/?${name}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  };
  const shot = async (name: string): Promise<void> => {
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, `dashboard-${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    for (let h = 0; h < 24; h++) store.countEvent(new Date(Date.now() - h * HOUR), 'safework-app', 'application_error', 'high', (h % 4) + 1);
    store.putTracked(issue(1, {}));
    new SqliteDeployStore(store.database).recordDeploy({ container: 'safework-app', fromImage: 'safework/app:1.0 (aaaaaaaaaaaa)', toImage: 'safework/app:1.1 (bbbbbbbbbbbb)', at: new Date(Date.now() - 3 * HOUR).toISOString() });
    address = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await app.close();
    store.close();
  });

  it('pass: a green banner, the last issues with links, the deploy marked on the charts', async () => {
    beat();
    containers(true);
    await show('pass');
    expect(await page.locator('#banner').getAttribute('data-status')).toBe('pass');
    expect(await page.locator('#banner').textContent()).toBe('pass — every check passes');
    expect(await page.locator('#issues a').first().getAttribute('href')).toBe('https://github.com/safework/safework/issues/1');
    expect(await page.locator('body').getAttribute('data-deploys')).toBe('1');
    expect(await page.locator('#outages').textContent()).toBe('none');
    await shot('pass');
  });

  it('an outage in progress: the banner names the failing check, the outage is listed with its duration and link', async () => {
    beat();
    containers(false);
    store.putTracked(
      issue(2, {
        fingerprint: 'v2-00000000000000f2',
        container: 'safework-redis',
        type: 'redis_connection',
        severity: 'critical',
        status: 'open',
        firstSeen: new Date(Date.now() - 12 * 60_000).toISOString(),
        lastSeen: new Date().toISOString(),
        total: 41,
        sample: { type: 'redis_connection', severity: 'critical', fingerprint: 'v2-00000000000000f2', container: 'safework-redis', reportedBy: 'safework-app', message: 'Error 111 connecting to safework-redis:6379', dependency: { kind: 'redis', host: 'safework-redis', failure: 'unreachable' } },
      }),
    );
    await show('outage');
    expect(await page.locator('#banner').getAttribute('data-status')).toBe('warn');
    expect(await page.locator('#banner li[data-check="container:safework-redis"]').textContent()).toContain('not running (exited)');
    const outage = page.locator('#outages tr[data-outage="safework-redis"]');
    expect(await outage.textContent()).toMatch(/safework-redisredis_connectionfor 12 min41 errors#2/);
    await shot('outage');
  });

  it('a maintenance window: the banner and the list say so, with its reason', async () => {
    beat();
    containers(true);
    const outage = store.getTracked('v2-00000000000000f2');
    if (outage !== undefined) store.putTracked({ ...outage, status: 'closed_completed' });
    windows.startMaintenance({ startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 30 * 60_000).toISOString(), containers: ['safework-mysql'], reason: 'MariaDB 11 upgrade' });
    await show('maintenance');
    expect(await page.locator('#banner').getAttribute('data-status')).toBe('warn');
    expect(await page.locator('#banner li[data-check="monitor:maintenance"]').textContent()).toContain('MariaDB 11 upgrade');
    expect(await page.locator('#held tr[data-held="maintenance"]').textContent()).toContain('safework-mysql');
    await shot('maintenance');
  });
});
