import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TEST_IMAGE, docker, ensureTestImage, removeContainers, uniqueName, waitFor } from '@safework/docker-logs/testing';
import { GitHubFake } from '@safework/github-fake';
import { startMonitor } from './support/monitor-process';

// Issues carry log excerpts: the monitor reads the repository's visibility first, and files to a
// public one only when ALLOW_PUBLIC_REPO=true. The fake serves one private and one public repository.

function filingHeld(stateDir: string): string | null | undefined {
  try {
    const db = new Database(join(stateDir, 'state.db'), { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare<[], { status: string }>("SELECT status FROM heartbeat WHERE component = 'monitor'").get();
      return row === undefined ? undefined : (JSON.parse(row.status) as { filingHeld: string | null }).filingHeld;
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}

const errorLine = `echo "2024-05-02 10:00:01,000 ERROR: [CRITICAL] database_connection_error: pool exhausted after 30 s [in /app/app.py:42]"`;

describe('public repository guard', () => {
  const fake = new GitHubFake({ repos: ['safework/private-ops'], publicRepos: ['safework/public-site'] });
  const containers: string[] = [];
  const running: ChildProcess[] = [];
  beforeAll(async () => {
    ensureTestImage();
    await fake.start();
  });
  afterEach(() => {
    for (const c of running.splice(0)) c.kill('SIGKILL');
    removeContainers(...containers.splice(0));
  });
  afterAll(async () => {
    expect(fake.responseErrors).toEqual([]);
    await fake.stop();
  });

  const start = (repo: string, extra: Record<string, string> = {}) => {
    const name = uniqueName('public-guard');
    containers.push(name);
    const dir = mkdtempSync(join(tmpdir(), 'public-guard-'));
    const m = startMonitor(['run'], {
      GITHUB_TOKEN: 'fake-push-token',
      GITHUB_REPO: repo,
      GITHUB_API_URL: fake.url,
      MONITORING_INTERVAL: '1',
      MONITOR_CONTAINERS: name,
      STATE_DIR: join(dir, 'data'),
      LOG_DIR: join(dir, 'logs'),
      ...extra,
    });
    running.push(m.child);
    return { name, dir, m };
  };

  it('files nothing to a public repository: drafts instead, said once at start and in the status', async () => {
    const { name, dir, m } = start('safework/public-site');
    await waitFor('monitor connected', () => m.output().includes('connected to the Docker Engine'), 60_000);
    docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', `${errorLine}; sleep 60`);
    const drafts = join(dir, 'logs/issue-drafts');
    await waitFor('a draft', () => existsSync(drafts) && readdirSync(drafts).some((f) => f.endsWith('.md')), 30_000);
    expect(fake.issues('safework/public-site')).toEqual([]);
    expect(fake.requests.filter((r) => r.path.startsWith('/repos/safework/public-site') && r.method !== 'GET')).toEqual([]);
    expect(m.output().split('\n').filter((l) => l.includes('safework/public-site is public'))).toHaveLength(1);
    expect(m.output()).toContain('ALLOW_PUBLIC_REPO=true');
    await waitFor('the status says why', () => filingHeld(join(dir, 'data'))?.includes('is public'), 10_000);
    const draft = readdirSync(drafts).find((f) => f.endsWith('.md')) ?? '';
    expect(readFileSync(join(drafts, draft), 'utf8')).toContain('pool exhausted');
  });

  it('files to the private repository, and to the public one only with ALLOW_PUBLIC_REPO=true', async () => {
    const priv = start('safework/private-ops');
    const pub = start('safework/public-site', { ALLOW_PUBLIC_REPO: 'true' });
    await waitFor('monitors connected', () => [priv, pub].every((s) => s.m.output().includes('connected to the Docker Engine')), 60_000);
    for (const s of [priv, pub]) docker('run', '-d', '--name', s.name, TEST_IMAGE, 'sh', '-c', `${errorLine}; sleep 60`);
    await waitFor('both filed', () => fake.issues('safework/private-ops').length === 1 && fake.issues('safework/public-site').length === 1, 30_000);
    expect(priv.m.output()).toContain('safework/private-ops is private');
    expect(pub.m.output()).toContain('filed publicly');
    expect(filingHeld(join(pub.dir, 'data'))).toBeNull();
  });
});
