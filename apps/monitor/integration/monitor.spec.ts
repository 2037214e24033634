import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TEST_IMAGE, docker, ensureTestImage, removeContainers, uniqueName, waitFor } from '@safework/docker-logs/testing';
import { GitHubFake } from '@safework/github-fake';
import { parseMarker } from '@safework/github-reporter';
import { startMonitor, type MonitorProcess } from './support/monitor-process';

// The monitor as users run it (a process), against the real engine and the GitHub fake.
type Running = MonitorProcess;
const monitor = startMonitor;

const traceback = (word: string): string =>
  `printf '2024-05-02 10:00:01,000 ERROR: [CRITICAL] redis_connection_error: Error 111 connecting to safework-redis:6379. Connection refused. [in /app/app.py:42]\\nTraceback (most recent call last):\\n  File "/app/app.py", line 40, in ${word}\\n    r.incr("survey:count")\\n  File "/usr/lib/python3/dist-packages/redis/connection.py", line 704, in connect\\n    raise ConnectionError(self._error_message(e))\\nredis.exceptions.ConnectionError: Error 111 connecting to safework-redis:6379. Connection refused.\\n'`;

/** Whether the monitor's state holds a checkpoint past some of the container's lines. */
function hasCheckpoint(stateDir: string, container: string): boolean {
  let db: Database.Database;
  try {
    db = new Database(join(stateDir, 'state.db'), { readonly: true, fileMustExist: true });
  } catch {
    return false;
  }
  try {
    const row = db.prepare<[string], { checkpoint: string }>('SELECT checkpoint FROM checkpoints WHERE container = ?').get(container);
    return row !== undefined && row.checkpoint.includes('"time"');
  } finally {
    db.close();
  }
}

/** An application bug in function `word`: one fingerprint per function (a code path is a cause). */
const appTraceback = (word: string): string =>
  `printf '2024-05-02 10:00:01,000 ERROR: Exception on /survey/${word} [POST]\\nTraceback (most recent call last):\\n  File "/app/app.py", line 40, in ${word}\\n    total = int(form["count"])\\nValueError: invalid literal for int() with base 10: many\\n'`;

describe('monitor end to end', () => {
  let fake: GitHubFake;
  let dir: string;
  const containers: string[] = [];
  const running: Running[] = [];
  beforeAll(() => ensureTestImage());
  beforeEach(async () => {
    fake = new GitHubFake();
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'monitor-e2e-'));
  });
  afterEach(async () => {
    for (const r of running.splice(0)) r.child.kill('SIGKILL');
    removeContainers(...containers.splice(0));
    expect(fake.responseErrors).toEqual([]);
    await fake.stop();
  });

  const env = (names: string[], extra: Record<string, string> = {}): Record<string, string> => ({
    GITHUB_TOKEN: 'fake-push-token',
    GITHUB_REPO: 'safework/safework',
    GITHUB_API_URL: fake.url,
    MONITORING_INTERVAL: '1',
    REPORT_COMMENT_INTERVAL: '2',
    MONITOR_CONTAINERS: names.join(','),
    STATE_DIR: join(dir, 'data'),
    LOG_DIR: join(dir, 'logs'),
    ...extra,
  });

  function start(names: string[], extra: Record<string, string> = {}): Running {
    const r = monitor(['run'], env(names, extra));
    running.push(r);
    return r;
  }

  it('files one issue for a Redis traceback, then only a digest when it recurs; exits 0 on SIGTERM', async () => {
    const name = uniqueName('redis');
    containers.push(name);
    const m = start([name]);
    await waitFor('monitor connected', () => m.output().includes('connected to the Docker Engine'), 30_000);
    docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', `${traceback('submit_survey')}; sleep 4; ${traceback('submit_survey')}; sleep 60`);
    const issue = await waitFor('issue', () => fake.issues()[0], 30_000);
    // About the dependency it names (not followed here, so by its host); the container reported it.
    expect(issue.labels).toEqual(['🚨 auto-error', 'bug', 'container-safework-redis', 'severity-critical', 'type-redis_connection']);
    expect(issue.body).toContain(`| 보고한 컨테이너 | \`${name}\` |`);
    expect(issue.body).toContain('redis.exceptions.ConnectionError: Error 111 connecting to safework-redis:6379');
    expect(issue.body).toContain('File "/app/app.py", line 40, in submit_survey');
    await waitFor('digest comment', () => (fake.issues()[0]?.comments.length ?? 0) > 0, 30_000);
    expect(fake.issues()).toHaveLength(1);
    expect(fake.issues()[0]?.comments[0]?.body).toMatch(/재발 요약[\s\S]*지난 요약 이후: \*\*1\*\*/);
    const rawLog = readFileSync(join(dir, 'logs/safework-errors.log'), 'utf8');
    const errors = rawLog.trim().split('\n').map((l) => JSON.parse(l) as { type: string; severity: string });
    expect(errors.map((e) => [e.type, e.severity])).toEqual([['redis_connection', 'critical'], ['redis_connection', 'critical']]);
    m.child.kill('SIGTERM');
    const code = await m.exited;
    if (code !== 0) process.stdout.write(m.output().slice(-3000));
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'logs/error-monitor.log'), 'utf8')).toMatch(/"msg":"stopped"/);
  });

  it('files one container_crash_loop incident with the lead-up lines', async () => {
    const name = uniqueName('crash');
    containers.push(name);
    const m = start([name]);
    await waitFor('monitor connected', () => m.output().includes('connected to the Docker Engine'), 30_000);
    docker('run', '-d', '--name', name, '--restart', 'on-failure:3', TEST_IMAGE, 'sh', '-c', 'echo "starting worker"; echo "fatal: config missing" >&2; exit 2');
    const issue = await waitFor('incident issue', () => fake.issues().find((i) => i.labels.includes('type-container_crash_loop')), 60_000);
    expect(issue.labels).toContain(`container-${name}`);
    expect(issue.labels).toContain('severity-critical');
    expect(issue.body).toContain('fatal: config missing');
    await new Promise((r) => setTimeout(r, 3000));
    expect(fake.issues().filter((i) => i.labels.includes('type-container_crash_loop'))).toHaveLength(1);
  });

  it('loses and doubles nothing when killed -9 mid-stream and restarted', async () => {
    const name = uniqueName('kill');
    containers.push(name);
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];
    const first = start([name]);
    await waitFor('monitor connected', () => first.output().includes('connected to the Docker Engine'), 30_000);
    docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', `${words.map((w) => `${appTraceback(w)}; usleep 400000`).join('; ')}; sleep 60`);
    await waitFor('a few issues', () => fake.issues().length >= 3, 30_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = start([name]);
    // No stall rule: a create the kill left uncertain rightly holds the outbox for 30 s.
    await waitFor('all issues', () => fake.issues().length >= words.length, { timeoutMs: 60_000, state: () => fake.issues().length }).catch((error: unknown) => {
      process.stdout.write(`second monitor:\n${second.output().slice(-3000)}\nlog:\n${readFileSync(join(dir, 'logs/error-monitor.log'), 'utf8').slice(-3000)}\n`);
      throw error;
    });
    await new Promise((r) => setTimeout(r, 3000));
    const fps = fake.issues().map((i) => parseMarker(i.body)?.fingerprint);
    expect(new Set(fps).size).toBe(words.length);
    expect(fps).toHaveLength(words.length);
    const logged = readFileSync(join(dir, 'logs/safework-errors.log'), 'utf8').trim().split('\n');
    // Every traceback recorded once (the file log is written inside the checkpoint's commit).
    expect(logged.length).toBeGreaterThanOrEqual(words.length);
  });

  describe('a container that stops while the monitor is down', () => {
    const running = (name: string): boolean => docker('inspect', '-f', '{{.State.Running}}', name).trim() === 'true';
    const issueCount = (): { issues: number; titles: string[] } => ({ issues: fake.issues().length, titles: fake.issues().map((i) => i.title) });

    async function killMonitor(m: Running): Promise<void> {
      m.child.kill('SIGKILL');
      await m.exited;
    }

    /** Once the issue is in, a few more seconds must bring no second one. */
    async function exactlyOneIssue(): Promise<void> {
      const issue = await waitFor('the issue', () => fake.issues()[0], { timeoutMs: 60_000, state: issueCount, stalledAfterMs: 30_000 });
      expect(issue.labels).toContain('type-redis_connection');
      expect(issue.body).toContain('redis.exceptions.ConnectionError: Error 111 connecting to safework-redis:6379');
      await new Promise((r) => setTimeout(r, 4000));
      expect(issueCount()).toEqual({ issues: 1, titles: [issue.title] });
    }

    it('files the crash cause it printed after the monitor was killed -9 (read from the checkpoint)', async () => {
      const name = uniqueName('downtime');
      containers.push(name);
      const first = start([name]);
      await waitFor('monitor connected', () => first.output().includes('connected to the Docker Engine'), 30_000);
      // Prints, waits for a go, then fails the way a crashing app does, and exits 3.
      docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', `echo "service starting"; while [ ! -e /tmp/go ]; do usleep 100000; done; ${traceback('submit_survey')}; exit 3`);
      await waitFor('the first line read', () => hasCheckpoint(join(dir, 'data'), name), 30_000);
      await killMonitor(first);
      docker('exec', name, 'sh', '-c', ': > /tmp/go');
      await waitFor('the container exited', () => !running(name), 30_000);
      expect(docker('inspect', '-f', '{{.State.ExitCode}}', name).trim()).toBe('3');
      expect(fake.issues()).toHaveLength(0);
      start([name]);
      await exactlyOneIssue();
    });

    it('files the crash cause of a container that started and died entirely while the monitor was down', async () => {
      const name = uniqueName('unseen');
      containers.push(name);
      const first = start([name]);
      // Its heartbeat marks when it last followed the logs.
      await waitFor('monitor connected', () => first.output().includes('connected to the Docker Engine'), 30_000);
      await new Promise((r) => setTimeout(r, 1500));
      await killMonitor(first);
      docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', `echo "service starting"; ${traceback('submit_survey')}; exit 3`);
      await waitFor('the container exited', () => !running(name), 30_000);
      const second = start([name]);
      await exactlyOneIssue();
      // Read once: a third start finds the checkpoint at the end and files nothing more.
      await killMonitor(second);
      start([name]);
      await new Promise((r) => setTimeout(r, 5000));
      expect(issueCount().issues).toBe(1);
    });

    it('says once in the errors log that a removed container could not be read', async () => {
      const name = uniqueName('removed');
      containers.push(name);
      const first = start([name]);
      await waitFor('monitor connected', () => first.output().includes('connected to the Docker Engine'), 30_000);
      docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', 'echo "service starting"; sleep 600');
      await waitFor('the first line read', () => hasCheckpoint(join(dir, 'data'), name), 30_000);
      await killMonitor(first);
      removeContainers(name);
      const errorsLog = (): string[] => {
        try {
          return readFileSync(join(dir, 'logs/safework-errors.log'), 'utf8').split('\n').filter((l) => l.includes('DLG_ERR_GONE'));
        } catch {
          return [];
        }
      };
      const second = start([name]);
      const [notice] = await waitFor('the notice', () => (errorsLog().length > 0 ? errorsLog() : undefined), { timeoutMs: 30_000, state: () => second.output().slice(-500), stalledAfterMs: 20_000 });
      const entry = JSON.parse(notice ?? '{}') as { container?: string; message?: string };
      expect(entry.container).toBe(name);
      expect(entry.message).toMatch(/removed before its last lines could be read; the last line read was written at \d{4}-\d{2}-\d{2}T/);
      await killMonitor(second);
      start([name]);
      await new Promise((r) => setTimeout(r, 4000));
      expect(errorsLog()).toHaveLength(1);
      expect(hasCheckpoint(join(dir, 'data'), name)).toBe(false);
    });
  });

  it('refuses a bad configuration with exit 78, naming each bad field', async () => {
    const m = monitor(['run'], { MONITORING_INTERVAL: 'soon', ERROR_SEVERITY_THRESHOLD: 'urgent', GITHUB_REPO: 'nope' });
    expect(await m.exited).toBe(78);
    expect(m.output()).toMatch(/MONITORING_INTERVAL/);
    expect(m.output()).toMatch(/ERROR_SEVERITY_THRESHOLD/);
    expect(m.output()).toMatch(/GITHUB_REPO/);
  });

  it('doctor shows ✗ with the fix for a bad token, and never prints it', async () => {
    const m = monitor(['doctor'], { ...env([]), GITHUB_TOKEN: 'ghp_notavalidtokenatall0000000000000000' });
    expect(await m.exited).toBe(1);
    expect(m.output()).toMatch(/✗ GitHub token valid/);
    expect(m.output()).toMatch(/fix: create a token/);
    expect(m.output()).not.toContain('ghp_notavalidtokenatall');
    expect(m.output()).toMatch(/✓ Docker socket reachable/);
  });
});

describe('GitHub token: from a secret file, its kind and reach', () => {
  const classic = 'ghp_classicTokenForDoctorTests0000000001';
  const fine = 'github_pat_11FINEGRAINED0000_doctorTestsOnlyNotARealToken00000000000000000001';
  const fake = new GitHubFake({ tokens: { [classic]: { login: 'ops', push: true }, [fine]: { login: 'safework-bot', push: true } } });
  let dir = '';
  beforeAll(async () => {
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'token-file-'));
  });
  afterAll(async () => {
    expect(fake.responseErrors).toEqual([]);
    await fake.stop();
  });
  const base = (): Record<string, string> => ({ GITHUB_REPO: 'safework/safework', GITHUB_API_URL: fake.url, STATE_DIR: join(dir, 'data'), LOG_DIR: join(dir, 'logs') });

  it('reads GITHUB_TOKEN_FILE; doctor calls a fine-grained token fine and warns on a classic one with the repo scope', async () => {
    const file = join(dir, 'github_token');
    writeFileSync(file, `${fine}\n`);
    const viaFile = monitor(['doctor'], { ...base(), GITHUB_TOKEN_FILE: file });
    await viaFile.exited;
    expect(viaFile.output()).toMatch(/✓ GitHub token valid\s+authenticated as safework-bot/);
    expect(viaFile.output()).toMatch(/✓ GitHub token reach\s+fine-grained token/);
    expect(viaFile.output()).not.toContain(fine);
    const wide = monitor(['doctor'], { ...base(), GITHUB_TOKEN: classic });
    await wide.exited;
    expect(wide.output()).toMatch(/! GitHub token reach\s+classic token with scopes repo: it can write to every repository its owner can/);
    expect(wide.output()).toContain('fix: use a fine-grained token with Issues: read and write on safework/safework only');
    expect(wide.output()).not.toContain(classic);
  });

  it('exits 78 naming GITHUB_TOKEN_FILE when it cannot be read, or is set with GITHUB_TOKEN', async () => {
    const missing = monitor(['run'], { ...base(), GITHUB_TOKEN_FILE: join(dir, 'nope') });
    expect(await missing.exited).toBe(78);
    expect(missing.output()).toMatch(/GITHUB_TOKEN_FILE: cannot read .*nope \(ENOENT\)/);
    const both = monitor(['run'], { ...base(), GITHUB_TOKEN: classic, GITHUB_TOKEN_FILE: join(dir, 'github_token') });
    expect(await both.exited).toBe(78);
    expect(both.output()).toMatch(/GITHUB_TOKEN_FILE: is set together with GITHUB_TOKEN/);
    expect(both.output()).not.toContain(classic);
  });
});

describe('monitor without Docker', () => {
  it('says plainly that Docker is unreachable, keeps running, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'monitor-nodocker-'));
    const m = monitor(['run'], { DOCKER_SOCKET: join(dir, 'missing.sock'), STATE_DIR: join(dir, 'data'), LOG_DIR: join(dir, 'logs'), MONITORING_INTERVAL: '1' });
    await waitFor('unreachable message', () => m.output().includes('Docker is not reachable at'), 20_000);
    await new Promise((r) => setTimeout(r, 3000));
    expect(m.child.exitCode).toBeNull();
    expect(spawnSync('kill', ['-TERM', String(m.child.pid)]).status).toBe(0);
    expect(await m.exited).toBe(0);
  });
});
