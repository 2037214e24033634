import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ComposeProject, E2E_IMAGE, ROOT, ensureStackImage, eventually, inspect } from '../support/stack';

// The root docker-compose.yml as users get it: the seed's stability policy, checked field by
// field; `docker-compose config` (1.29 validates against the Compose Specification that v2
// implements); and the two apps' images built from their Dockerfiles and run from the file.

type Service = {
  restart?: string;
  image?: string;
  build?: { context: string; dockerfile: string };
  env_file?: string | string[];
  ports?: string[];
  volumes?: string[];
  group_add?: string[];
  networks?: string[];
  environment?: Record<string, string>;
  read_only?: boolean;
  deploy?: { resources?: { limits?: { memory?: string; cpus?: string }; reservations?: { memory?: string; cpus?: string } } };
  healthcheck?: { test: string[]; interval: string; timeout: string; retries: number; start_period: string };
  logging?: { driver: string; options: Record<string, string> };
};

const file = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { version?: string; services: Record<string, Service>; volumes?: Record<string, unknown>; networks?: Record<string, { internal?: boolean } | null> };
const seconds = (d: string): number => {
  const m = /^(\d+)(s|m)$/.exec(d);
  if (!m) throw new Error(`not a duration: ${d}`);
  return Number(m[1]) * (m[2] === 'm' ? 60 : 1);
};
const megabytes = (size: string): number => {
  const m = /^(\d+)([km])$/i.exec(size);
  if (!m) throw new Error(`not a size: ${size}`);
  return Number(m[1]) / ((m[2] ?? '').toLowerCase() === 'k' ? 1024 : 1);
};

describe('docker-compose.yml', () => {
  it('has the six services and no version key (Compose Specification)', () => {
    expect(Object.keys(file.services).sort()).toEqual(['docker-proxy', 'error-monitor', 'health-api', 'safework-app', 'safework-mysql', 'safework-redis']);
    expect(file.version).toBeUndefined();
  });

  it.each([
    ['safework-mysql', 'on-failure:3', ['512M', '0.5'], ['256M', '0.25']],
    ['safework-redis', 'on-failure:3', ['128M', '0.25'], ['64M', '0.1']],
    ['safework-app', 'on-failure:5', ['1G', '1.0'], ['512M', '0.5']],
  ])('%s: restart %s, limits %j, reservations %j', (name, restart, limits, reservations) => {
    const s = file.services[name];
    expect(s?.restart).toBe(restart);
    expect([s?.deploy?.resources?.limits?.memory, s?.deploy?.resources?.limits?.cpus]).toEqual(limits);
    expect([s?.deploy?.resources?.reservations?.memory, s?.deploy?.resources?.reservations?.cpus]).toEqual(reservations);
  });

  it.each(Object.keys(file.services))('%s: health check and rotated json-file logs per the seed', (name) => {
    const s = file.services[name];
    const hc = s?.healthcheck;
    if (!hc) throw new Error(`${name} has no health check`);
    expect(seconds(hc.interval)).toBeGreaterThanOrEqual(15);
    expect(seconds(hc.interval)).toBeLessThanOrEqual(20);
    expect(seconds(hc.timeout)).toBeGreaterThanOrEqual(5);
    expect(seconds(hc.timeout)).toBeLessThanOrEqual(10);
    expect(hc.retries).toBe(5);
    expect(seconds(hc.start_period)).toBeGreaterThanOrEqual(10);
    expect(seconds(hc.start_period)).toBeLessThanOrEqual(60);
    expect(s?.logging?.driver).toBe('json-file');
    const size = megabytes(s?.logging?.options['max-size'] ?? '');
    expect(size).toBeGreaterThanOrEqual(5);
    expect(size).toBeLessThanOrEqual(20);
    const files = Number(s?.logging?.options['max-file']);
    expect(files).toBeGreaterThanOrEqual(2);
    expect(files).toBeLessThanOrEqual(5);
    expect(s?.restart).not.toBe('unless-stopped');
  });

  it('only docker-proxy holds the Docker socket; the monitor reaches it on an internal network', () => {
    const holders = Object.entries(file.services).filter(([, s]) => (s.volumes ?? []).some((v) => v.includes('docker.sock')));
    expect(holders.map(([name]) => name)).toEqual(['docker-proxy']);
    expect(file.networks?.['docker-api']?.internal).toBe(true);
    const joined = Object.entries(file.services).filter(([, s]) => (s.networks ?? []).includes('docker-api'));
    expect(joined.map(([name]) => name).sort()).toEqual(['docker-proxy', 'error-monitor']);
    expect(file.services['docker-proxy']?.networks).toEqual(['docker-api']);
    expect(file.services['error-monitor']?.environment?.['DOCKER_HOST']).toBe('tcp://docker-proxy:2375');
    expect(file.services['docker-proxy']?.read_only).toBe(true);
    expect(file.services['docker-proxy']?.build).toEqual({ context: '.', dockerfile: 'deploy/docker-proxy/Dockerfile' });
  });

  it('error-monitor: logs/ and the state dir as volumes, env_file .env; health-api publishes its port', () => {
    const m = file.services['error-monitor'];
    expect(m?.volumes).toContain('./logs:/app/logs');
    expect(m?.volumes?.some((v) => v.endsWith(':/app/data'))).toBe(true);
    expect(m?.env_file).toBe('.env');
    expect(m?.build).toEqual({ context: '.', dockerfile: 'apps/monitor/Dockerfile' });
    const h = file.services['health-api'];
    expect(h?.build).toEqual({ context: '.', dockerfile: 'apps/health-api/Dockerfile' });
    // Published on the host's loopback only, like the health API's own default.
    expect(h?.ports).toEqual(['127.0.0.1:${HEALTH_API_PORT:-9464}:9464']);
  });

  it('is accepted by docker-compose config, and a missing password is named', async () => {
    const ok = new ComposeProject('safework-config', { MYSQL_ROOT_PASSWORD: 'r00t-pass', MYSQL_PASSWORD: 'app-pass' }, [join(ROOT, 'docker-compose.yml')]);
    const resolved = parse(await ok.run('config')) as { services: Record<string, Service> };
    expect(resolved.services['safework-app']?.restart).toBe('on-failure:5');
    const missing = new ComposeProject('safework-config', { MYSQL_ROOT_PASSWORD: 'r00t-pass' }, [join(ROOT, 'docker-compose.yml')]);
    const r = await missing.try('config');
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('set MYSQL_PASSWORD in .env');
  });
});

describe('the monitor and health API images, run from the compose file', () => {
  const dockerGid = String(statSync('/var/run/docker.sock').gid);
  const project = new ComposeProject(
    'safework-apps',
    {
      MYSQL_ROOT_PASSWORD: 'r00t-pass',
      MYSQL_PASSWORD: 'app-pass',
      DOCKER_GID: dockerGid,
      HEALTH_API_PORT: '19464',
      GITHUB_REPO: 'safework/safework',
      GITHUB_TOKEN: '',
      MONITORING_INTERVAL: '2',
    },
    [join(ROOT, 'docker-compose.yml')],
  );

  beforeAll(() => {
    project.down();
    ensureStackImage();
    // The image runs as `node` (uid 1000) and writes its logs into ./logs.
    chownSync(join(project.dir, 'logs'), 1000, 1000);
  }, 900_000);
  afterAll(() => project.down(), 120_000);

  it('builds both Dockerfiles from a local base image and runs them as non-root', async () => {
    const started = Date.now();
    // `docker build` from the workspace (Compose would take the scratch project directory as
    // the build context), tagged as the compose file names the images.
    for (const [app, tag] of [
      ['monitor', file.services['error-monitor']?.image],
      ['health-api', file.services['health-api']?.image],
      ['docker-proxy', file.services['docker-proxy']?.image],
    ] as const) {
      const dockerfile = app === 'docker-proxy' ? 'deploy/docker-proxy/Dockerfile' : `apps/${app}/Dockerfile`;
      const build = spawnSync('docker', ['build', '-f', dockerfile, '--build-arg', `BASE_IMAGE=${E2E_IMAGE}`, '--build-arg', `RUNTIME_IMAGE=${E2E_IMAGE}`, '-t', tag ?? '', '.'], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      if (build.status !== 0) throw new Error(`building ${app} failed:\n${build.stdout.slice(-4000)}\n${build.stderr.slice(-4000)}`);
    }
    process.stdout.write(`images: all three built in ${Math.round((Date.now() - started) / 1000)} s\n`);

    const step = (what: string): boolean => process.stdout.write(`compose: ${what} at ${Math.round((Date.now() - started) / 1000)} s\n`);
    await project.run('up', '-d', '--no-build', 'docker-proxy', 'error-monitor', 'health-api');
    step('up');
    expect(inspect('error-monitor', '{{.Config.User}}')).toBe('node');
    expect(inspect('health-api', '{{.Config.User}}')).toBe('node');
    expect(inspect('docker-proxy', '{{.Config.User}}')).toBe('haproxy');
    expect(inspect('error-monitor', '{{json .HostConfig.Binds}}')).not.toContain('docker.sock');

    // The health API answers on the published loopback port and reads the monitor's state.
    await eventually('/livez on 127.0.0.1:19464', async () => (await fetch('http://127.0.0.1:19464/livez', { signal: AbortSignal.timeout(5_000) })).ok, 60_000);
    step('livez');
    const health = await eventually(
      'the monitor heartbeat seen by the health API',
      async () => {
        const body = (await (await fetch('http://127.0.0.1:19464/health', { signal: AbortSignal.timeout(5_000) })).json()) as { checks: Record<string, Array<{ status: string }>> };
        return body.checks['monitor:heartbeat']?.[0]?.status === 'pass' && body.checks['docker:reachable']?.[0]?.status === 'pass' ? body : undefined;
      },
      90_000,
    );
    expect(health.checks['docker:reachable']?.[0]?.status).toBe('pass');

    step('health');
    // The monitor's own health check (its heartbeat) turns the container healthy.
    await eventually('error-monitor healthy', () => inspect('error-monitor', '{{.State.Health.Status}}') === 'healthy', 120_000);
    const logFile = join(project.dir, 'logs', 'error-monitor.log');
    expect(existsSync(logFile)).toBe(true);
    expect(readFileSync(logFile, 'utf8')).toMatch(/"docker":"tcp:\/\/docker-proxy:2375".*connected to the Docker Engine/);

    step('monitor healthy');
    // From inside the monitor's container: what it reads passes, what would own the host is refused.
    const probe = (method: string, path: string): string =>
      spawnSync('docker', ['exec', 'error-monitor', 'node', '-e', `fetch('http://docker-proxy:2375${path}', { method: '${method}', headers: { 'content-type': 'application/json' }, ...('${method}' === 'GET' ? {} : { body: '{}' }) }).then((r) => console.log(r.status), (e) => console.log('error', e.message))`], { encoding: 'utf8', timeout: 30_000 }).stdout.trim();
    expect(probe('GET', '/v1.41/containers/json')).toBe('200');
    expect(probe('POST', '/v1.41/containers/create')).toBe('403');
    expect(probe('POST', '/v1.41/build')).toBe('403');
    expect(probe('DELETE', '/v1.41/containers/health-api')).toBe('403');
    await eventually('docker-proxy healthy', () => inspect('docker-proxy', '{{.State.Health.Status}}') === 'healthy', 120_000);
  });
});
