import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { TEST_IMAGE, docker, ensureTestImage, removeContainers, uniqueName, waitFor } from '@safework/docker-logs/testing';
import { GitHubFake } from '@safework/github-fake';
import { parseMarker } from '@safework/github-reporter';

// The monitor failing, and the things around it failing, with figures: real processes (the
// built monitor, as `nx serve monitor` runs it), the real engine and the GitHub fake.
const root = join(__dirname, '../../..');
const bundle = join(root, 'dist/apps/monitor/main.js');

interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}
function start(env: Record<string, string>, cwd: string): Proc {
  let out = '';
  const child = spawn(process.execPath, [bundle, 'run'], { cwd, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out, exited: new Promise((r) => child.once('close', (code) => r(code))) };
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Words that survive parameterisation, so each gives its own fingerprint. */
const WORDS = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu amber bronze copper diamond'.split(' ');
const errorLine = (i: number, fingerprints: number): string =>
  `2024-05-02 10:00:00,000 ERROR: [CRITICAL] database_connection_error: lost shard ${WORDS[i % fingerprints] ?? 'x'} at step ${i} [in /app/app.py:42]`;

/** Writes `count` lines in files of `perFile` lines; the container cats one file per `pauseMs`. */
function lineFiles(dir: string, count: number, fingerprints: number, perFile: number): void {
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f * perFile < count; f++) {
    const lines: string[] = [];
    for (let i = f * perFile; i < Math.min(count, (f + 1) * perFile); i++) lines.push(errorLine(i, fingerprints));
    writeFileSync(join(dir, `part-${String(f).padStart(5, '0')}`), `${lines.join('\n')}\n`);
  }
}

/** Events the monitor counted for a container (counters share the checkpoint transaction). */
function counted(stateDir: string, container: string): number {
  const path = join(stateDir, 'state.db');
  if (!existsSync(path)) return 0;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COALESCE(SUM(count), 0) AS n FROM error_counts WHERE container = ?').get(container) as { n: number }).n;
  } finally {
    db.close();
  }
}

function issueStats(fake: GitHubFake): { issues: number; fingerprints: number; duplicates: number } {
  const fps = fake.issues().map((i) => parseMarker(i.body)?.fingerprint ?? `none-${i.number}`);
  return { issues: fps.length, fingerprints: new Set(fps).size, duplicates: fps.length - new Set(fps).size };
}

describe('fault suite', () => {
  let fake: GitHubFake;
  let dir: string;
  const containers: string[] = [];
  const procs: Proc[] = [];
  beforeAll(() => ensureTestImage());
  beforeEach(async () => {
    fake = new GitHubFake();
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'faults-'));
  });
  afterEach(async () => {
    for (const p of procs.splice(0)) p.child.kill('SIGKILL');
    removeContainers(...containers.splice(0));
    expect(fake.responseErrors).toEqual([]);
    await fake.stop();
  });

  const env = (name: string, extra: Record<string, string> = {}): Record<string, string> => ({
    GITHUB_TOKEN: 'fake-push-token',
    GITHUB_REPO: 'safework/safework',
    GITHUB_API_URL: fake.url,
    GITHUB_WRITE_INTERVAL_MS: '20',
    MONITORING_INTERVAL: '1',
    REPORT_COMMENT_INTERVAL: '3600',
    MONITOR_CONTAINERS: name,
    STATE_DIR: join(dir, 'data'),
    LOG_DIR: join(dir, 'logs'),
    ...extra,
  });
  const run = (name: string, extra: Record<string, string> = {}): Proc => {
    const p = start(env(name, extra), dir);
    procs.push(p);
    return p;
  };
  const streaming = (name: string, count: number, fingerprints: number, perFile: number, pause: string): void => {
    lineFiles(join(dir, 'lines'), count, fingerprints, perFile);
    containers.push(name);
    docker('run', '-d', '--name', name, '-v', `${join(dir, 'lines')}:/lines:ro`, TEST_IMAGE, 'sh', '-c', `for f in /lines/*; do cat $f; usleep ${pause}; done; sleep 3600`);
  };

  it('kill -9 of the monitor at 20 random moments over 10,000 events of 30 fingerprints: 0 duplicate, 0 missing issues; 0 lost, 0 doubled events', async () => {
    const name = uniqueName('kill9');
    let m = run(name);
    await waitFor('connected', () => m.output().includes('connected to the Docker Engine'), 30_000);
    streaming(name, 10_000, 30, 100, '250000');
    const kills: number[] = [];
    for (let k = 0; k < 20; k++) {
      await sleep(300 + Math.floor(Math.random() * 1200));
      kills.push(counted(join(dir, 'data'), name));
      m.child.kill('SIGKILL');
      await m.exited;
      m = run(name);
    }
    await waitFor('all 10,000 events counted', () => counted(join(dir, 'data'), name) >= 10_000 || undefined, { timeoutMs: 180_000, state: () => counted(join(dir, 'data'), name), stalledAfterMs: 30_000 });
    await waitFor('30 issues', () => fake.issues().length >= 30 || undefined, { timeoutMs: 120_000, state: () => issueStats(fake), stalledAfterMs: 60_000 });
    await sleep(5_000);
    const total = counted(join(dir, 'data'), name);
    const stats = issueStats(fake);
    process.stdout.write(`kill -9 x20: counted at the kills ${kills.join(', ')}; final ${total} events, ${stats.issues} issues for ${stats.fingerprints} fingerprints\n`);
    expect(total).toBe(10_000);
    expect(stats).toEqual({ issues: 30, fingerprints: 30, duplicates: 0 });
  });

  it('GitHub failing (5xx, hangs, 429, secondary limit) with a monitor restart in the middle: every issue lands once', async () => {
    const name = uniqueName('gh-down');
    fake.faults.push(
      { kind: 503, count: 6 },
      { kind: 'hang', count: 2, method: 'POST' },
      { kind: 502, count: 4 },
      { kind: 429, count: 2, retryAfter: 1 },
      { kind: 'secondary', count: 2, retryAfter: 2 },
      { kind: 500, count: 4 },
    );
    let m = run(name);
    await waitFor('connected', () => m.output().includes('connected to the Docker Engine'), 30_000);
    streaming(name, 160, 8, 20, '500000');
    await sleep(12_000);
    m.child.kill('SIGKILL');
    await m.exited;
    m = run(name);
    await waitFor('8 issues', () => fake.issues().length >= 8 || undefined, { timeoutMs: 180_000, state: () => [issueStats(fake), fake.requests.length], stalledAfterMs: 120_000 }).catch((error: unknown) => {
      process.stdout.write(`requests: ${fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`).join('\n')}\nmonitor:\n${m.output().slice(-5000)}\n`);
      throw error;
    });
    await waitFor('the faults used up', () => fake.faults.every((f) => (f.count ?? 1) === 0) || undefined, 60_000);
    await sleep(5_000);
    const failed = fake.requests.filter((r) => r.status >= 500 || r.status === 429 || r.status === 403).length;
    process.stdout.write(`GitHub faults: ${failed} failed responses, ${fake.requests.length} requests, ${fake.issues().length} issues\n`);
    expect(issueStats(fake)).toEqual({ issues: 8, fingerprints: 8, duplicates: 0 });
    expect(counted(join(dir, 'data'), name)).toBe(160);
  });

  it('state file corrupted, then deleted: detected, rebuilt from GitHub, no duplicate issue', async () => {
    const name = uniqueName('corrupt');
    const stateDir = join(dir, 'data');
    let m = run(name);
    await waitFor('connected', () => m.output().includes('connected to the Docker Engine'), 30_000);
    streaming(name, 50, 5, 10, '200000');
    await waitFor('5 issues', () => fake.issues().length >= 5 || undefined, { timeoutMs: 60_000, state: () => issueStats(fake), stalledAfterMs: 30_000 });
    await sleep(2_000);
    m.child.kill('SIGTERM');
    expect(await m.exited).toBe(0);

    // Corrupt: garbage over the database header and pages.
    const db = join(stateDir, 'state.db');
    const bytes = readFileSync(db);
    for (let i = 0; i < bytes.length; i += 7) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
    writeFileSync(db, bytes);
    m = run(name);
    await waitFor('the corruption reported', () => /state file is corrupt/.test(readFileSync(join(dir, 'logs/error-monitor.log'), 'utf8')) || undefined, 30_000);
    expect(readdirSync(stateDir).some((f) => f.startsWith('state.db.corrupt-'))).toBe(true);
    // The container's lines are read again from its start: the same 5 fingerprints recur.
    await waitFor('the lines counted again', () => counted(stateDir, name) >= 50 || undefined, { timeoutMs: 60_000, state: () => counted(stateDir, name), stalledAfterMs: 30_000 });
    await sleep(3_000);
    expect(issueStats(fake)).toEqual({ issues: 5, fingerprints: 5, duplicates: 0 });
    m.child.kill('SIGTERM');
    await m.exited;

    rmSync(stateDir, { recursive: true, force: true });
    m = run(name);
    await waitFor('the lines counted again', () => counted(stateDir, name) >= 50 || undefined, { timeoutMs: 60_000, state: () => counted(stateDir, name), stalledAfterMs: 30_000 });
    await sleep(3_000);
    expect(issueStats(fake)).toEqual({ issues: 5, fingerprints: 5, duplicates: 0 });
    expect(fake.requests.filter((r) => r.operationId === 'issues/list-for-repo').length).toBeGreaterThanOrEqual(2);
  });

  it('state directory full (an 8 MB tmpfs): a clear error, no corruption, and everything counted once space returns', async () => {
    const name = uniqueName('full');
    const stateDir = join(dir, 'data');
    mkdirSync(stateDir);
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', stateDir], { encoding: 'utf8' });
    expect(mount.stderr).toBe('');
    try {
      let m = run(name);
      await waitFor('connected', () => m.output().includes('connected to the Docker Engine'), 30_000);
      streaming(name, 600, 6, 20, '200000');
      await waitFor('some events counted', () => counted(stateDir, name) > 0 || undefined, 30_000);
      // Fill the file system (dd stops at ENOSPC).
      spawnSync('dd', ['if=/dev/zero', `of=${join(stateDir, 'filler')}`, 'bs=64k'], { encoding: 'utf8' });
      await waitFor('the disk-full error logged', () => /SQLITE_FULL|database or disk is full|STS_ERR_FULL/.test(readFileSync(join(dir, 'logs/error-monitor.log'), 'utf8')) || undefined, 60_000);
      const during = counted(stateDir, name);
      await sleep(3_000);
      rmSync(join(stateDir, 'filler'));
      if (m.child.exitCode !== null) m = run(name);
      await waitFor('all 600 events counted', () => counted(stateDir, name) >= 600 || undefined, { timeoutMs: 120_000, state: () => counted(stateDir, name), stalledAfterMs: 45_000 }).catch((error: unknown) => {
        process.stdout.write(`counted ${counted(stateDir, name)}; monitor exit ${String(m.child.exitCode)}; log:\n${readFileSync(join(dir, 'logs/error-monitor.log'), 'utf8').slice(-6000)}\n`);
        throw error;
      });
      await sleep(3_000);
      const total = counted(stateDir, name);
      process.stdout.write(`disk full: ${during} events counted when the disk filled; ${total} after space returned\n`);
      expect(total).toBe(600);
      const db = new Database(join(stateDir, 'state.db'), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
      await waitFor('the 6 issues filed', () => fake.issues().length >= 6 || undefined, { timeoutMs: 90_000, state: () => issueStats(fake), stalledAfterMs: 45_000 });
      await sleep(2_000);
      expect(issueStats(fake)).toEqual({ issues: 6, fingerprints: 6, duplicates: 0 });
      m.child.kill('SIGTERM');
      await m.exited;
    } finally {
      spawnSync('umount', ['-l', stateDir]);
    }
  });

  it('the health API keeps answering, every request, while the monitor floods', async () => {
    const name = uniqueName('flood');
    const stateDir = join(dir, 'data');
    const m = run(name);
    await waitFor('connected', () => m.output().includes('connected to the Docker Engine'), 30_000);
    const port = 21000 + (process.pid % 5000);
    const api = spawn(process.execPath, [join(root, 'dist/apps/health-api/main.js')], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '', STATE_DIR: stateDir, HEALTH_API_PORT: String(port), MONITORING_INTERVAL: '1' },
      stdio: 'ignore',
    });
    try {
      await waitFor('the health API', () => existsSync(join(stateDir, 'state.db')) || undefined, 10_000);
      await sleep(1_000);
      // 100,000 error lines as fast as the container can print them.
      streaming(name, 100_000, 50, 10_000, '1');
      await waitFor('the flood under way', () => counted(stateDir, name) > 1_000 || undefined, 60_000);
      const before = counted(stateDir, name);
      const results: Record<string, autocannon.Result> = {};
      for (const path of ['/metrics', '/health']) results[path] = await autocannon({ url: `http://127.0.0.1:${port}${path}`, connections: 10, duration: 5 });
      const during = counted(stateDir, name) - before;
      for (const [path, r] of Object.entries(results)) {
        process.stdout.write(`under a flood (${during} events counted meanwhile): ${path} ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts\n`);
        expect([path, r.requests.total > 0, r.non2xx, r.errors, r.timeouts]).toEqual([path, true, 0, 0, 0]);
      }
      // The load ran while the monitor was busy, not after it.
      expect(during).toBeGreaterThan(0);
    } finally {
      api.kill('SIGTERM');
    }
  });
});
