import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_IMAGE, docker, ensureTestImage, removeContainers, uniqueName, waitFor } from '@safework/docker-logs/testing';
import { GitHubFake } from '@safework/github-fake';
import { ROOT, startMonitor, type MonitorProcess } from './support/monitor-process';

// deploy/docker-proxy/haproxy.cfg run by Debian's haproxy in front of the real engine: what the
// monitor needs passes, everything else gets 403, quiet streams stay open, and the monitor
// works through it.
const config = join(ROOT, 'deploy/docker-proxy/haproxy.cfg');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Reply {
  readonly status: number;
  readonly body: string;
}

function call(port: number, method: string, path: string, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function startProxy(extra: Record<string, string> = {}): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn('haproxy', ['-f', config], { env: { ...process.env, DOCKER_PROXY_BIND: `127.0.0.1:${port}`, ...extra }, stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if ((await call(port, 'GET', '/_ping').catch(() => ({ status: 0 }))).status === 200) return { port, child };
    await sleep(100);
  }
  throw new Error(`haproxy did not answer on ${port}`);
}

/** Follows a container's log through the proxy; resolves with what arrived when the stream ends. */
function follow(port: number, id: string): { text: () => string; ended: Promise<void> } {
  let text = '';
  const ended = new Promise<void>((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: `/v1.41/containers/${id}/logs?follow=1&stdout=1&stderr=1&tail=0` }, (res) => {
      res.on('data', (d: Buffer) => (text += d.toString('latin1')));
      res.on('end', () => resolve());
      res.on('error', () => resolve());
    });
    req.on('error', () => resolve());
    req.end();
  });
  return { text: () => text, ended };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** How long the quiet stream stays quiet: 20 s in CI; `DOCKER_PROXY_IDLE_CHECK_SECONDS=600` for the ten-minute check. */
const IDLE_SECONDS = Number(process.env['DOCKER_PROXY_IDLE_CHECK_SECONDS'] ?? 20);

describe('Docker API proxy (deploy/docker-proxy)', () => {
  const proxies: ChildProcess[] = [];
  const containers: string[] = [];
  let target = '';
  let port = 0;

  beforeAll(async () => {
    ensureTestImage();
    target = uniqueName('proxied');
    containers.push(target);
    docker('run', '-d', '--name', target, TEST_IMAGE, 'sh', '-c', 'echo ready; sleep 600');
    const proxy = await startProxy();
    proxies.push(proxy.child);
    port = proxy.port;
  });
  afterAll(() => {
    for (const p of proxies) p.kill('SIGKILL');
    removeContainers(...containers);
  });

  it('serves what the monitor reads, with and without the version prefix', async () => {
    const since = Math.floor(Date.now() / 1000) - 60;
    const paths = ['/_ping', '/version', '/info', '/containers/json?all=1', `/containers/${target}/json`, `/containers/${target}/logs?stdout=1&stderr=1&timestamps=1`, `/containers/${target}/stats?stream=0`, `/events?since=${since}&until=${since + 1}`];
    for (const path of paths) {
      for (const p of [path, `/v1.41${path}`]) expect({ p, status: (await call(port, 'GET', p)).status }).toEqual({ p, status: 200 });
    }
    expect((await call(port, 'HEAD', '/_ping')).status).toBe(200);
  });

  it('answers 403 to everything else, and the engine never sees it', async () => {
    const before = docker('ps', '-aq').split('\n').filter(Boolean).length;
    const denied: Array<[string, string, string?]> = [
      ['POST', '/v1.41/containers/create?name=escape', JSON.stringify({ Image: TEST_IMAGE, Cmd: ['true'], HostConfig: { Privileged: true, Binds: ['/:/host'] } })],
      ['POST', '/containers/create', JSON.stringify({ Image: TEST_IMAGE })],
      ['POST', `/v1.41/containers/${target}/exec`, JSON.stringify({ Cmd: ['id'] })],
      ['DELETE', `/v1.41/containers/${target}?force=1`],
      ['DELETE', `/containers/${target}`],
      ['POST', '/v1.41/build'],
      ['POST', `/containers/${target}/kill`],
      ['POST', `/containers/${target}/stop`],
      ['GET', '/v1.41/images/json'],
      ['GET', `/containers/${target}/export`],
      ['GET', `/containers/${target}/archive?path=/etc`],
      ['GET', '/secrets'],
      ['GET', '/v1.41/volumes'],
      ['GET', `/containers/${target}%2F..%2F..%2Fimages/json`],
      ['GET', `/containers/../images/json`],
    ];
    const statuses = await Promise.all(denied.map(async ([method, path, body]) => `${method} ${path.split('?')[0]} → ${(await call(port, method, path, body)).status}`));
    expect(statuses).toEqual(denied.map(([method, path]) => `${method} ${path.split('?')[0]} → 403`));
    expect(docker('inspect', '-f', '{{.State.Running}}', target).trim()).toBe('true');
    expect(docker('ps', '-aq').split('\n').filter(Boolean)).toHaveLength(before);
  });

  it('keeps a quiet follow stream open, and the stream timeout is what would close it', async () => {
    const name = uniqueName('quiet');
    containers.push(name);
    docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', `echo first; sleep ${IDLE_SECONDS}; echo after-the-quiet; sleep ${IDLE_SECONDS + 600}`);
    const short = await startProxy({ DOCKER_PROXY_STREAM_TIMEOUT: '3s' });
    proxies.push(short.child);
    const open = follow(port, name);
    const cut = follow(short.port, name);
    // Cut by the short setting, well before the line that comes after the quiet.
    await Promise.race([cut.ended, sleep(15_000).then(() => Promise.reject(new Error('a 3 s stream timeout did not close a quiet stream')))]);
    await waitFor('the line after the quiet', () => open.text().includes('after-the-quiet'), (IDLE_SECONDS + 30) * 1000);
    expect(cut.text()).not.toContain('after-the-quiet');
  }, (IDLE_SECONDS + 60) * 1000);

  it('is what the monitor runs through: one issue, and doctor tells the proxy from a raw socket', async () => {
    const fake = new GitHubFake();
    await fake.start();
    const name = uniqueName('via-proxy');
    containers.push(name);
    const dir = mkdtempSync(join(tmpdir(), 'proxy-monitor-'));
    const env = { GITHUB_TOKEN: 'fake-push-token', GITHUB_REPO: 'safework/safework', GITHUB_API_URL: fake.url, MONITORING_INTERVAL: '1', MONITOR_CONTAINERS: name, STATE_DIR: join(dir, 'data'), LOG_DIR: join(dir, 'logs'), DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_SOCKET: '/nonexistent/docker.sock' };
    const run = (args: string[], extra: Record<string, string> = {}): MonitorProcess => startMonitor(args, { ...env, ...extra });
    const monitor = run(['run']);
    try {
      await waitFor('monitor connected through the proxy', () => monitor.output().includes('connected to the Docker Engine'), 60_000);
      docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', 'echo "2024-05-02 10:00:01,000 ERROR: [CRITICAL] database_connection_error: pool exhausted after 30 s [in /app/app.py:42]"; sleep 600');
      await waitFor('the issue', () => fake.issues().length === 1, 30_000);
      await sleep(3_000);
      expect(fake.issues()).toHaveLength(1);
      expect(fake.issues()[0]?.labels).toContain(`container-${name}`);
      const viaProxy = run(['doctor']);
      await viaProxy.exited;
      expect(viaProxy.output()).toMatch(/✓ Docker API filtered\s+tcp:\/\/127\.0\.0\.1:\d+ is a filtering proxy/);
      const raw = run(['doctor'], { DOCKER_HOST: 'unix:///var/run/docker.sock' });
      await raw.exited;
      expect(raw.output()).toMatch(/! Docker API filtered\s+\/var\/run\/docker\.sock is the raw Docker API/);
      expect(raw.output()).toContain('DOCKER_HOST=tcp://docker-proxy:2375');
    } finally {
      monitor.child.kill('SIGKILL');
      await fake.stop();
    }
  }, 120_000);
});
