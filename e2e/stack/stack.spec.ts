import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitHubFake } from '@safework/github-fake';
import { parseMarker } from '@safework/github-reporter';
import { SqliteStateStore } from '@safework/state-store';
import { APP_PORT, ComposeProject, E2E_IMAGE, ROOT, app, ensureStackImage, eventually, inspect, run, sleep, startProcess, type Running } from '../support/stack';

// The SafeWork stack for real: MariaDB, Redis and a Flask app under gunicorn from the root
// docker-compose.yml (restart policies, limits, log rotation as users run them), the monitor
// and the health API as built (`dist/`), and the GitHub fake. The scenarios run in order on one
// stack, like an on-call day; each asserts what the fake recorded and what /metrics says.

const STACK = ['safework-app', 'safework-mysql', 'safework-redis'];
const SEED_LABELS = (container: string, severity: string, type: string): string[] => ['🚨 auto-error', 'bug', `container-${container}`, `severity-${severity}`, `type-${type}`];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

describe('the SafeWork stack end to end', () => {
  const compose = new ComposeProject('safework-e2e', {
    MYSQL_ROOT_PASSWORD: 'e2e-root-Secret-1',
    MYSQL_PASSWORD: 'e2e-app-Secret-2',
    SAFEWORK_APP_PORT: `127.0.0.1:${APP_PORT}`,
  });
  const fake = new GitHubFake();
  const work = mkdtempSync(join(tmpdir(), 'stack-e2e-'));
  let monitor: Running;
  let healthApi: Running;
  let proxy: Running | undefined;
  let healthUrl = '';
  let monitorEnv: Record<string, string> = {};
  const filed: string[] = [];
  /** The monitor's command line as another process on the same state (`maintenance`, `status`). */
  const cli = async (...args: string[]): Promise<string> => {
    const p = startProcess(process.execPath, [join(ROOT, 'dist/apps/monitor/main.js'), ...args], { cwd: work, env: monitorEnv });
    expect(await p.exited).toBe(0);
    return p.output();
  };

  const issues = (type?: string): ReturnType<GitHubFake['issues']> => fake.issues().filter((i) => type === undefined || i.labels.includes(`type-${type}`));
  const health = (c: string): string | undefined => inspect(c, '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}');
  const waitHealthy = (...containers: string[]): Promise<true> =>
    eventually(`${containers.join(', ')} healthy`, () => containers.every((c) => health(c) === 'healthy'), 120_000);
  /** What the monitor wrote to logs/safework-errors.log. */
  const errorsLog = (): Array<{ type?: string; container?: string; outageOf?: string }> =>
    readFileSync(join(work, 'logs', 'safework-errors.log'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { type?: string; container?: string; outageOf?: string });
  const metrics = async (): Promise<string> => (await fetch(`${healthUrl}/metrics`)).text();
  const metric = async (name: string, labels: string): Promise<number | undefined> => {
    const line = (await metrics()).split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  /** Issues filed since `before`, for the closing report. */
  const note = (scenario: string, before: number): void => {
    for (const i of fake.issues().slice(before)) filed.push(`${scenario}: #${i.number} [${i.labels.filter((l) => l.startsWith('type-') || l.startsWith('severity-')).join(', ')}] ${i.title}`);
  };

  beforeAll(async () => {
    compose.down();
    ensureStackImage();
    await fake.start();
    const port = await freePort();
    healthUrl = `http://127.0.0.1:${port}`;
    // The monitor reaches Docker through the allow-list proxy, as the compose file runs it.
    const proxyPort = await freePort();
    proxy = startProcess('haproxy', ['-db', '-f', join(ROOT, 'deploy/docker-proxy/haproxy.cfg')], { cwd: work, env: { DOCKER_PROXY_BIND: `127.0.0.1:${proxyPort}` } });
    await eventually('the Docker API proxy', async () => (await fetch(`http://127.0.0.1:${proxyPort}/_ping`)).ok, 30_000);
    const env = {
      GITHUB_TOKEN: 'fake-push-token',
      GITHUB_REPO: 'safework/safework',
      GITHUB_API_URL: fake.url,
      MONITORING_INTERVAL: '1',
      REPORT_COMMENT_INTERVAL: '5',
      MONITOR_CONTAINERS: STACK.join(','),
      STATE_DIR: join(work, 'data'),
      LOG_DIR: join(work, 'logs'),
      ISSUE_LANGUAGE: 'en',
      OUTAGE_QUIET_SECONDS: '5',
      DOCKER_HOST: `tcp://127.0.0.1:${proxyPort}`,
    };
    monitorEnv = env;
    // As `nx serve monitor` runs it; the working directory has no .env of its own.
    monitor = startProcess(process.execPath, [join(ROOT, 'dist/apps/monitor/main.js'), 'run'], { cwd: work, env });
    await eventually('the monitor connected', () => monitor.output().includes('connected to the Docker Engine'), 60_000);
    healthApi = startProcess(process.execPath, [join(ROOT, 'dist/apps/health-api/main.js')], { cwd: work, env: { ...env, HEALTH_API_PORT: String(port) } });
    await eventually('the health API listening', async () => (await fetch(`${healthUrl}/livez`)).ok, 30_000);
    const started = Date.now();
    await compose.run('up', '-d', 'safework-app');
    await waitHealthy(...STACK);
    process.stdout.write(`stack: up and healthy in ${Date.now() - started} ms\n`);
  }, 900_000);

  afterAll(async () => {
    monitor?.child.kill('SIGTERM');
    healthApi?.child.kill('SIGTERM');
    await Promise.all([monitor?.exited, healthApi?.exited]);
    proxy?.child.kill('SIGTERM');
    compose.down();
    await fake.stop();
    process.stdout.write(`issues filed, by scenario:\n${filed.map((f) => `  ${f}`).join('\n')}\n`);
  }, 120_000);

  afterEach(() => {
    expect(fake.responseErrors).toEqual([]);
  });

  it('8. normal traffic with MariaDB and Redis restarting cleanly files no issue at all', async () => {
    const end = Date.now() + 120_000;
    let ok = 0;
    let restarted = 0;
    while (Date.now() < end) {
      expect(await app.submit()).toBe(201);
      expect(await app.get('/health')).toBe(200);
      ok++;
      // A clean restart of each data service mid-run: their shutdown and start-up logs
      // (Redis's overcommit warning, MariaDB's [Warning] lines) are noise, not incidents.
      if (restarted === 0 && Date.now() > end - 80_000) {
        await compose.run('restart', 'safework-redis');
        await waitHealthy('safework-redis');
        restarted++;
      } else if (restarted === 1 && Date.now() > end - 40_000) {
        await compose.run('restart', 'safework-mysql');
        await waitHealthy('safework-mysql');
        restarted++;
      }
      await sleep(500);
    }
    expect(restarted).toBe(2);
    const redisLogs = await run('docker', ['logs', 'safework-redis']);
    expect(redisLogs.output).toContain('WARNING Memory overcommit must be enabled!');
    // The silence is not blindness: the monitor's heartbeat says it follows all three logs.
    const state = SqliteStateStore.open(join(work, 'data', 'state.db'), { readonly: true });
    const following = state.heartbeat('monitor')?.status.following ?? [];
    state.close();
    expect([...following].sort()).toEqual([...STACK].sort());
    await sleep(5_000);
    expect(fake.issues()).toEqual([]);
    process.stdout.write(`scenario 8: ${ok} surveys and health checks over 120 s, 2 clean restarts, 0 issues\n`);
  });

  /** The outage issue closed on recovery, with one recovery comment. */
  const closedOnRecovery = async (issue: ReturnType<GitHubFake['issues']>[number], dependency: string): Promise<void> => {
    const t0 = Date.now();
    const recovered = new RegExp(`${dependency} recovered after about \\d+ min, with [1-9]\\d* errors and \\d+ failed requests`);
    // Closed first, then the recovery comment (a retry never comments twice).
    await eventually(`issue #${issue.number} closed on recovery, with its note`, () => issue.state === 'closed' && recovered.test(issue.comments.at(-1)?.body ?? ''), 90_000);
    expect(issue.state_reason).toBe('completed');
    process.stdout.write(`  #${issue.number} closed ${Date.now() - t0} ms after ${dependency} was healthy again\n`);
  };

  it('1. Redis stopped under traffic, then started: one redis_connection issue about Redis, closed on recovery', async () => {
    const before = fake.issues().length;
    await compose.run('stop', '-t', '5', 'safework-redis');
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) expect(await app.submit(`user${i}`)).toBe(503);
    const issue = await eventually('a redis_connection issue', () => issues('redis_connection')[0], 60_000);
    process.stdout.write(`scenario 1: issue #${issue.number} ${Date.now() - t0} ms after the first failed request\n`);
    // About the dependency; the app that said it is evidence.
    expect(issue.labels).toEqual(SEED_LABELS('safework-redis', 'critical', 'redis_connection'));
    // Filed from ErrorMonitor's summary line; its "Traceback:" record, a write later, completes the body.
    await eventually('the body with the traceback', () => (issue.body ?? '').includes('Traceback (most recent call last)'), 30_000);
    expect(issue.body).toContain('redis.exceptions.ConnectionError');
    expect(issue.body).toContain('last lines of safework-redis:');
    expect(issue.body).toMatch(/Error -2 connecting to safework-redis:6379\. Name or service not known/);
    expect(issue.body).toContain('/usr/lib/python3/dist-packages/redis/connection.py');
    expect(issue.body).toContain('in submit_survey');
    expect(issue.body).toMatch(/\| Reported by \| `safework-app` \|/);
    expect(issue.body).toContain('/survey/submit');
    await compose.run('start', 'safework-redis');
    await waitHealthy('safework-redis');
    expect(await app.submit()).toBe(201);
    await closedOnRecovery(issue, 'safework-redis');
    note('1 redis stopped', before);
    expect(fake.issues()).toHaveLength(before + 1);
  });

  it('2. MariaDB stopped, then started: one database_connection issue about MariaDB, closed on recovery', async () => {
    const before = fake.issues().length;
    await compose.run('stop', '-t', '10', 'safework-mysql');
    for (let i = 0; i < 3; i++) expect(await app.submit()).toBe(503);
    const issue = await eventually('a database_connection issue', () => issues('database_connection')[0], 60_000);
    expect(issue.labels).toEqual(SEED_LABELS('safework-mysql', 'critical', 'database_connection'));
    await eventually('the body with the traceback', () => (issue.body ?? '').includes('Traceback (most recent call last)'), 30_000);
    expect(issue.body).toContain('sqlalchemy.exc.OperationalError');
    expect(issue.body).toContain("Can't connect to MySQL server on 'safework-mysql'");
    await compose.run('start', 'safework-mysql');
    await waitHealthy('safework-mysql');
    await eventually('surveys stored again', async () => (await app.submit()) === 201, 30_000);
    await closedOnRecovery(issue, 'safework-mysql');
    note('2 mariadb stopped', before);
    expect(fake.issues()).toHaveLength(before + 1);
  });

  it('3. one bug hit 5 times (/boom): one application_error issue (high) with the request method and path', async () => {
    const before = fake.issues().length;
    for (let i = 0; i < 5; i++) expect(await app.get('/boom')).toBe(500);
    const issue = await eventually('an application_error issue', () => issues('application_error')[0], 60_000);
    expect(issue.labels).toEqual(SEED_LABELS('safework-app', 'high', 'application_error'));
    expect(issue.body).toContain('ZeroDivisionError: division by zero');
    expect(issue.body).toContain('GET');
    expect(issue.body).toContain('/boom');
    await sleep(3_000);
    note('3 /boom x5', before);
    // Flask's record, ErrorMonitor's summary and "Traceback:" copy, the 500 access line: one request, one event.
    expect(fake.issues()).toHaveLength(before + 1);
    expect(issue.state).toBe('open');
  });

  it('4. Redis down again: the outage issue reopens, and closes again on recovery', async () => {
    const before = fake.issues().length;
    const [redis] = issues('redis_connection');
    if (!redis) throw new Error('scenario 1 filed no redis issue');
    await compose.run('stop', '-t', '5', 'safework-redis');
    const t0 = Date.now();
    expect(await app.submit()).toBe(503);
    await eventually('the issue reopened', () => redis.state === 'open', 30_000);
    process.stdout.write(`scenario 4: closed issue #${redis.number} reopened ${Date.now() - t0} ms after the fault recurred\n`);
    expect(redis.state_reason).toBe('reopened');
    await compose.run('start', 'safework-redis');
    await waitHealthy('safework-redis');
    await closedOnRecovery(redis, 'safework-redis');
    note('4 redis again', before);
    expect(fake.issues()).toHaveLength(before);
  });

  it('5. the app crash-looping because MariaDB is down at its start: the database outage, with the crash loop as evidence', async () => {
    const before = fake.issues().length;
    const [database] = issues('database_connection');
    if (!database) throw new Error('scenario 2 filed no database issue');
    await compose.run('stop', '-t', '10', 'safework-mysql');
    await run('docker', ['restart', '-t', '5', 'safework-app']);
    await eventually('the restart policy exhausted', () => inspect('safework-app', '{{.State.Status}} {{.RestartCount}}') === 'exited 5', 180_000);
    await eventually('the database issue reopened', () => database.state === 'open', 60_000);
    await eventually('the crash loop recorded as part of the outage', () => errorsLog().some((e) => e.type === 'container_crash_loop' && e.outageOf === 'safework-mysql'), 60_000);
    expect(issues('container_crash_loop')).toEqual([]);
    await compose.run('start', 'safework-mysql');
    await waitHealthy('safework-mysql');
    await compose.run('up', '-d', 'safework-app');
    await waitHealthy('safework-app');
    await closedOnRecovery(database, 'safework-mysql');
    note('5 crash loop', before);
    expect(fake.issues()).toHaveLength(before);
  });

  it('6. Redis OOM-killed under its 128M limit: the Redis outage issue, with the OOM kill', async () => {
    const before = fake.issues().length;
    const [redis] = issues('redis_connection');
    if (!redis) throw new Error('scenario 1 filed no redis issue');
    expect(inspect('safework-redis', '{{.HostConfig.Memory}}')).toBe(String(128 * 1024 * 1024));
    // Fill memory past the limit; Redis itself logs nothing about it, only Docker's events tell.
    await run('docker', ['exec', 'safework-redis', 'redis-cli', 'DEBUG', 'POPULATE', '3000000', 'key', '100']);
    await eventually('the Redis issue reopened', () => redis.state === 'open', 60_000);
    await eventually('the reopening comment names the OOM kill', () => redis.comments.some((c) => c.body.includes('killed for running out of memory')), 30_000);
    expect(inspect('safework-redis', '{{.State.OOMKilled}}')).toBe('true');
    expect(errorsLog().some((e) => e.type === 'container_oom' && e.container === 'safework-redis')).toBe(true);
    await waitHealthy('safework-redis');
    expect(await app.submit()).toBe(201);
    await closedOnRecovery(redis, 'safework-redis');
    note('6 redis oom', before);
    expect(issues('container_oom')).toEqual([]);
    expect(fake.issues()).toHaveLength(before);
  });

  it('7. unhealthy app with its dependencies up: container_unhealthy, closed on recovery; health and restarts in /metrics', async () => {
    const before = fake.issues().length;
    await run('docker', ['exec', 'safework-app', 'touch', '/tmp/unhealthy']);
    // The base file's cadence: 5 failed checks 20 s apart.
    await eventually('the app unhealthy', () => health('safework-app') === 'unhealthy', 180_000);
    const issue = await eventually('a container_unhealthy issue', () => issues('container_unhealthy')[0], 60_000);
    expect(issue.labels).toEqual(SEED_LABELS('safework-app', 'critical', 'container_unhealthy'));
    await eventually('/metrics shows the app unhealthy', async () => (await metric('safework_container_health_status', 'container="safework-app",status="unhealthy"')) === 1, 30_000);

    await run('docker', ['exec', 'safework-app', 'rm', '/tmp/unhealthy']);
    await waitHealthy('safework-app');
    await eventually('/metrics shows the app healthy', async () => (await metric('safework_container_health_status', 'container="safework-app",status="healthy"')) === 1, 30_000);
    await closedOnRecovery(issue, 'safework-app');
    // Restart counts as Docker counts them (Redis restarted itself after the OOM kill).
    const redisRestarts = Number(inspect('safework-redis', '{{.RestartCount}}'));
    expect(redisRestarts).toBeGreaterThanOrEqual(1);
    expect(await metric('safework_container_restarts', 'container="safework-redis"')).toBe(redisRestarts);
    expect(await metric('safework_container_oom_killed', 'container="safework-redis"')).toBeDefined();
    expect(await metric('safework_container_memory_limit_bytes', 'container="safework-redis"')).toBe(128 * 1024 * 1024);
    note('7 unhealthy', before);
    expect(fake.issues()).toHaveLength(before + 1);
  });

  it('9. deploys are not incidents: the app restarted, then recreated from a new image: no issue, one deploy marker', async () => {
    const before = fake.issues().length;
    await compose.run('restart', 'safework-app');
    await waitHealthy('safework-app');
    for (let i = 0; i < 5; i++) expect(await app.submit()).toBe(201);
    // The same image rebuilt (a new id under the tag), as `docker-compose up -d` deploys it.
    const oldImage = inspect('safework-app', '{{.Image}}') ?? '';
    const build = await run('sh', ['-c', `printf 'FROM ${E2E_IMAGE}\\nLABEL safework.e2e.deploy=${Date.now()}\\n' | docker build -q -t ${E2E_IMAGE} -`]);
    expect(build.status).toBe(0);
    try {
      await compose.run('up', '-d', '--no-deps', 'safework-app');
      await waitHealthy('safework-app');
      const newImage = inspect('safework-app', '{{.Image}}') ?? '';
      expect(newImage).not.toBe(oldImage);
      for (let i = 0; i < 5; i++) expect(await app.submit()).toBe(201);
      const overview = await eventually('the deploy on the dashboard', async () => {
        const o = (await (await fetch(`${healthUrl}/api/overview`)).json()) as { deploys: Array<{ container: string; fromImage: string; toImage: string }> };
        return o.deploys.length > 0 ? o : undefined;
      }, 30_000);
      expect(overview.deploys).toEqual([expect.objectContaining({ container: 'safework-app', fromImage: expect.stringContaining(oldImage.slice(7, 19)), toImage: expect.stringContaining(newImage.slice(7, 19)) })]);
      await sleep(8_000);
      expect(fake.issues()).toHaveLength(before);
      process.stdout.write(`scenario 9: restart and recreate of safework-app, 0 issues; deploy ${overview.deploys[0]?.fromImage} → ${overview.deploys[0]?.toImage}\n`);
    } finally {
      await run('docker', ['tag', oldImage, E2E_IMAGE]);
    }
  });

  it('10. maintenance windows over a MariaDB restart: none filed when the errors stop, one (saying so) when they go on after the window', async () => {
    const before = fake.issues().length;
    // A window, a restart: errors during it, none after.
    expect(await cli('maintenance', 'start', '--for', '10m', '--containers', 'safework-mysql', '--reason', 'MariaDB restart')).toContain('maintenance window #1 open');
    await compose.run('stop', 'safework-mysql');
    await eventually('errors while MariaDB is down', async () => (await app.submit()) === 503, 30_000);
    for (let i = 0; i < 3; i++) await app.submit();
    await compose.run('start', 'safework-mysql');
    await waitHealthy('safework-mysql');
    await eventually('surveys stored again', async () => (await app.submit()) === 201, 60_000);
    const status = await cli('status');
    expect(status).toMatch(/MAINTENANCE WINDOWS\n {2}#1 open until \S+: safework-mysql — MariaDB restart/);
    expect(await cli('maintenance', 'end')).toContain('ended 1 maintenance window');
    await sleep(8_000);
    expect(fake.issues()).toHaveLength(before);
    expect(errorsLog().filter((e) => e.type === 'database_connection').length).toBeGreaterThan(0);

    // Again, but MariaDB is still down when the window ends: the outage issue (closed after
    // scenario 5) is reopened once, and closed again on recovery.
    const [database] = issues('database_connection');
    if (!database) throw new Error('scenario 2 filed no database issue');
    const regressions = (): number => database.comments.filter((c) => c.body.includes('has happened again (regression)')).length;
    const reopened = regressions();
    expect(database.state).toBe('closed');
    await cli('maintenance', 'start', '--for', '10m', '--containers', 'safework-mysql', '--reason', 'MariaDB upgrade');
    await compose.run('stop', 'safework-mysql');
    await eventually('errors while MariaDB is down', async () => (await app.submit()) === 503, 30_000);
    await sleep(3_000);
    expect(database.state).toBe('closed');
    await cli('maintenance', 'end');
    for (let i = 0; i < 3; i++) await app.submit();
    await eventually('the database issue reopened for the errors after the window', () => database.state === 'open', 60_000);
    // The app runs the image of scenario 9's deploy: the regression names it.
    await eventually('one regression comment', () => regressions() === reopened + 1 && /Regressed in `safework-e2e\/bookworm:3 \([0-9a-f]{12}\)`/.test(database.comments.at(-1)?.body ?? ''), 30_000);
    await compose.run('start', 'safework-mysql');
    await waitHealthy('safework-mysql');
    await eventually('surveys stored again', async () => (await app.submit()) === 201, 60_000);
    await closedOnRecovery(database, 'safework-mysql');
    expect(regressions()).toBe(reopened + 1);
    note('10 maintenance', before);
    expect(fake.issues()).toHaveLength(before);
  });

  it('11. image-aware regressions and a silence: a rollback hitting a closed bug reopens nothing, a new image does (naming it); silenced, no digest until 10× the rate', async () => {
    const before = fake.issues().length;
    const [bug] = issues('application_error');
    if (!bug) throw new Error('scenario 3 filed no application_error issue');
    const regressions = (): string[] => bug.comments.map((c) => c.body).filter((b) => b.includes('has happened again (regression)'));
    /** Recreates the app from `E2E_IMAGE` as it is tagged now (a deploy, or a rollback). */
    const redeploy = async (): Promise<void> => {
      await compose.run('up', '-d', '--no-deps', 'safework-app');
      await waitHealthy('safework-app');
    };
    // The app runs the image of scenario 9 (B); the bug was seen in the first one (A), before the fix.
    fake.closeIssue(bug.number, 'completed');
    const rebuilt = inspect('safework-app', '{{.Image}}') ?? '';
    const original = (await run('docker', ['image', 'inspect', '-f', '{{.Id}}', E2E_IMAGE])).output.trim();
    expect(rebuilt).not.toBe(original);
    // A rollback to A: the bug is hit again there, and the issue stays closed.
    await redeploy();
    expect(inspect('safework-app', '{{.Image}}')).toBe(original);
    for (let i = 0; i < 2; i++) expect(await app.get('/boom')).toBe(500);
    await sleep(8_000);
    expect(bug.state).toBe('closed');
    expect(regressions()).toEqual([]);
    // Image C brings it back: one reopening, naming C.
    const build = await run('sh', ['-c', `printf 'FROM ${E2E_IMAGE}\\nLABEL safework.e2e.deploy=c-${Date.now()}\\n' | docker build -q -t ${E2E_IMAGE} -`]);
    expect(build.status).toBe(0);
    try {
      await redeploy();
      const imageC = inspect('safework-app', '{{.Image}}') ?? '';
      expect(await app.get('/boom')).toBe(500);
      await eventually('the bug reopened for image C', () => bug.state === 'open' && regressions().length === 1, 60_000);
      expect(regressions()[0]).toContain(`Regressed in \`safework-e2e/bookworm:3 (${imageC.slice(7, 19)})\``);

      // Silenced until its rate passes 10× the rate now: no digest; then lifted, with one comment.
      const set = await cli('silence', `#${bug.number}`, '--for', '7d', '--until-rate', '10x', '--reason', 'fix in review');
      const rate = Number(/past 10× ([\d.]+)\/h/.exec(set)?.[1]);
      expect(rate).toBeGreaterThanOrEqual(1);
      const comments = bug.comments.length;
      for (let i = 0; i < 3; i++) expect(await app.get('/boom')).toBe(500);
      await sleep(8_000); // digests fall due every 5 s: none may come
      expect(bug.comments).toHaveLength(comments);
      for (let i = 0; i < Math.ceil(rate * 10) + 5; i++) await app.get('/boom');
      await eventually('the silence lifted, with one comment', () => bug.comments.some((c) => c.body.includes('the silence is lifted')), 60_000);
      expect(bug.comments.filter((c) => c.body.includes('silence'))).toHaveLength(1);
      expect(await cli('silence', 'list')).toMatch(/lifted .* \(rate\)/);
    } finally {
      await run('docker', ['tag', original, E2E_IMAGE]);
    }
    note('11 regressions', before);
    expect(fake.issues()).toHaveLength(before);
  });

  it('files every fingerprint once over the whole day', () => {
    const fingerprints = fake.issues().map((i) => parseMarker(i.body ?? '')?.fingerprint);
    expect(fingerprints.every((f) => f !== undefined)).toBe(true);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    expect(monitor.output()).not.toMatch(/"level":(?:50|60)/);
  });

  it('went through the Docker API proxy all day, and asked for nothing it refuses', () => {
    const requests = (proxy?.output() ?? '').split('\n').filter((l) => l.includes('"GET '));
    expect(requests.some((l) => / 200 .*"GET (?:\/v1\.\d+)?\/containers\/[^/]+\/logs/.test(l))).toBe(true);
    expect(requests.some((l) => / 200 .*"GET (?:\/v1\.\d+)?\/events/.test(l))).toBe(true);
    expect(requests.filter((l) => / 403 /.test(l))).toEqual([]);
  });
});
