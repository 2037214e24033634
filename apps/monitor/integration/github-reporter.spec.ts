import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitHubFake } from '@safework/github-fake';
import { InMemoryReporterStore, parseMarker } from '@safework/github-reporter';
import { SqliteStateStore } from '@safework/state-store';
import { drainAll, eventOf, reporterFor } from './support/reporting';

// The real Octokit (with its retry and throttling plugins) against the contract-checked fake.
const root = join(__dirname, '../../..');

function issuesPerFingerprint(fake: GitHubFake): Map<string, number> {
  const counts = new Map<string, number>();
  for (const issue of fake.issues()) {
    const fp = parseMarker(issue.body)?.fingerprint ?? 'none';
    counts.set(fp, (counts.get(fp) ?? 0) + 1);
  }
  return counts;
}

/** Markdown with fenced code blocks removed: where mentions and refs would be live. */
function outsideCode(markdown: string): string {
  return markdown.replace(/(`{3,})[^\n]*\n[\s\S]*?\n\1/g, '').replace(/(`+)[^`]*?\1/g, '');
}

describe('github-reporter against the GitHub fake', () => {
  let fake: GitHubFake;
  beforeEach(async () => {
    fake = new GitHubFake();
    await fake.start();
  });
  afterEach(async () => {
    expect(fake.responseErrors).toEqual([]);
    await fake.stop();
  });

  it('files 10 issues for 1 000 events of 10 fingerprints, with bounded digest comments', async () => {
    let now = Date.parse('2024-05-02T10:00:00Z');
    const store = new InMemoryReporterStore();
    const reporter = reporterFor(fake.url, store, () => new Date(now));
    // 1 000 events over 5 simulated hours, a tick every simulated minute.
    for (let i = 0; i < 1000; i++) {
      reporter.observe(eventOf(i % 10, i));
      now += 18_000;
      if (i % 3 === 0) void reporter.tick();
      await drainAll(reporter, store);
    }
    const counts = issuesPerFingerprint(fake);
    expect(counts.size).toBe(10);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const comments = fake.issues().map((i) => i.comments.length);
    // One digest per hour at most: 5 hours → at most 5 per issue.
    expect(Math.max(...comments)).toBeLessThanOrEqual(5);
    expect(Math.min(...comments)).toBeGreaterThanOrEqual(4);
    const first = fake.issues()[0];
    expect(first?.labels).toEqual(['🚨 auto-error', 'bug', 'container-safework-app', 'severity-critical', 'type-redis_connection']);
    expect(first?.title).toMatch(/^🚨 \[safework-app\] Redis 연결 오류 — redis\.exceptions\.ConnectionError/);
    expect(first?.comments[0]?.body).toMatch(/재발 요약/);
  });

  it('lands every issue, once and in order, after a sustained outage of 5xx and hangs', async () => {
    const store = new InMemoryReporterStore();
    const reporter = reporterFor(fake.url, store, () => new Date(), { timeoutMs: 800 });
    fake.faults.push({ kind: 503, count: 4 }, { kind: 'hang', count: 2, method: 'POST' }, { kind: 502, count: 3 }, { kind: 500, count: 2 });
    for (let f = 0; f < 6; f++) reporter.observe(eventOf(f));
    await drainAll(reporter, store, 120_000);
    const counts = issuesPerFingerprint(fake);
    expect(counts.size).toBe(6);
    expect([...counts.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    // In order of first occurrence.
    expect(fake.issues().map((i) => parseMarker(i.body)?.fingerprint)).toEqual([0, 1, 2, 3, 4, 5].map((f) => eventOf(f).fingerprint));
    expect(fake.requests.filter((r) => r.status >= 500).length).toBeGreaterThanOrEqual(9);
    expect(fake.requests.some((r) => r.status === 0)).toBe(true); // the hangs happened
  });

  it('honours a secondary rate limit and its retry-after', async () => {
    const store = new InMemoryReporterStore();
    const reporter = reporterFor(fake.url, store);
    fake.faults.push({ kind: 'secondary', count: 1, method: 'POST', retryAfter: 2 });
    reporter.observe(eventOf(1));
    await drainAll(reporter, store);
    const posts = fake.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.status)).toEqual([403, 201]);
    expect(Date.parse(posts[1]?.at ?? '') - Date.parse(posts[0]?.at ?? '')).toBeGreaterThanOrEqual(1900);
  });

  /** Files issues for 3 fingerprints, loses the state file, and opens a fresh one. */
  async function afterLostState(): Promise<{ fresh: SqliteStateStore; again: ReturnType<typeof reporterFor> }> {
    const dir = mkdtempSync(join(tmpdir(), 'state-'));
    const first = SqliteStateStore.open(join(dir, 'state.db'));
    const reporter = reporterFor(fake.url, first);
    for (let f = 0; f < 3; f++) reporter.observe(eventOf(f));
    await drainAll(reporter, first);
    first.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `state.db${suffix}`), { force: true });
    const fresh = SqliteStateStore.open(join(dir, 'state.db'));
    return { fresh, again: reporterFor(fake.url, fresh) };
  }

  it('creates no duplicate when the state file is lost: rebuilds its index from GitHub first', async () => {
    const { fresh, again } = await afterLostState();
    expect(await again.rebuildIndex()).toBe(3);
    for (let f = 0; f < 4; f++) again.observe(eventOf(f, 1));
    await drainAll(again, fresh);
    expect([...issuesPerFingerprint(fake).values()]).toEqual([1, 1, 1, 1]);
    fresh.close();
  });

  it('creates no duplicate when events arrive before the first drain rebuilds the lost index', async () => {
    const { fresh, again } = await afterLostState();
    // As the monitor does: its log source starts before the reporter's first drain.
    for (let f = 0; f < 4; f++) again.observe(eventOf(f, 1));
    await drainAll(again, fresh);
    expect([...issuesPerFingerprint(fake).values()]).toEqual([1, 1, 1, 1]);
    fresh.close();
  });

  it('never sends planted secrets or personal data, and neutralises mentions and references', async () => {
    const store = new InMemoryReporterStore();
    const reporter = reporterFor(fake.url, store);
    const secrets = ['S3cr3tPw!', 'hunter2', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'kim.minsu@example.co.kr', '010-1234-5678', '900101-1234567', '4111 1111 1111 1111', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'AKIAIOSFODNN7EXAMPLE'];
    reporter.observe({
      ...eventOf(7),
      message: `OperationalError mysql+pymysql://app:${secrets[0]}@db/app redis://:${secrets[1]}@r:6379 token=${secrets[2]} by ${secrets[3]} tel ${secrets[4]} rrn ${secrets[5]} card ${secrets[6]} cc @octocat @safework/oncall #123`,
      traceback: `Traceback (most recent call last):\nKeyError: jwt ${secrets[7]} aws ${secrets[8]}\n\`\`\`\n# not a heading, @octocat`,
      request: { method: 'POST', url: `/login?password=${secrets[0]}`, clientIp: '203.0.113.57' },
      user: { name: secrets[3] as string },
    });
    await drainAll(reporter, store);
    const recorded = JSON.stringify(fake.requests);
    for (const secret of [...secrets, '203.0.113.57']) expect(recorded).not.toContain(secret);
    const [issue] = fake.issues();
    expect(issue?.title).not.toMatch(/@octocat/);
    expect(outsideCode(issue?.body ?? '')).not.toMatch(/@octocat|@safework\/oncall|(?<![\w&])#123/);
    expect(issue?.body).toContain('203.0.113.x');
    // A backtick fence inside the log cannot close the block it is in.
    expect(issue?.body).toMatch(/````python\n[\s\S]*```\n# not a heading[\s\S]*\n````/);
  });

  it('reopens an issue closed as completed when the problem recurs; leaves a not-planned one closed', async () => {
    let now = Date.parse('2024-05-02T10:00:00Z');
    const store = new InMemoryReporterStore();
    const reporter = reporterFor(fake.url, store, () => new Date(now), { syncIntervalMs: 0 });
    reporter.observe(eventOf(1));
    reporter.observe(eventOf(2));
    await drainAll(reporter, store);
    fake.closeIssue(1, 'completed');
    fake.closeIssue(2, 'not_planned');
    now += 60_000;
    reporter.observe(eventOf(1, 1));
    reporter.observe(eventOf(2, 1));
    await drainAll(reporter, store);
    const [one, two] = fake.issues();
    expect(one).toMatchObject({ state: 'open', state_reason: 'reopened' });
    expect(one?.comments.at(-1)?.body).toMatch(/회귀|regression/i);
    expect(two).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    expect(two?.comments).toHaveLength(0);
    expect(store.getTracked(eventOf(2).fingerprint)?.status).toBe('closed_not_planned');
  });

  it('swaps the severity label when a fingerprint escalates', async () => {
    const store = new InMemoryReporterStore();
    const reporter = reporterFor(fake.url, store);
    reporter.observe({ ...eventOf(3), severity: 'high' });
    await drainAll(reporter, store);
    reporter.observe({ ...eventOf(3, 1), severity: 'critical' });
    await drainAll(reporter, store);
    expect(fake.issues()[0]?.labels).toContain('severity-critical');
    expect(fake.issues()[0]?.labels).not.toContain('severity-high');
  });

  it('rejects what GitHub would reject (no title, bad token)', async () => {
    const noTitle = await fetch(`${fake.url}/repos/safework/safework/issues`, { method: 'POST', headers: { authorization: 'token fake-push-token' }, body: '{"body":"x"}' });
    expect(noTitle.status).toBe(422);
    const badToken = await fetch(`${fake.url}/repos/safework/safework/issues`, { headers: { authorization: 'token nope' } });
    expect(badToken.status).toBe(401);
    const wrongType = await fetch(`${fake.url}/repos/safework/safework/issues`, { method: 'POST', headers: { authorization: 'token fake-push-token' }, body: '{"title":"x","labels":"bug"}' });
    expect(wrongType.status).toBe(422);
  });
});

describe('exactly once across kill -9 of the reporting process', () => {
  let fake: GitHubFake;
  beforeAll(async () => {
    fake = new GitHubFake();
    await fake.start();
  });
  afterAll(async () => fake.stop());

  function startReporter(db: string): ChildProcess {
    return spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'support/reporter-process.ts'), db, fake.url, '30', '300'], {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  it('has 0 duplicates and 0 missing issues after 20 kills around the create call', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'reporter-')), 'state.db');
    // Every create is slow, so the kills land while one is in flight.
    fake.faults.push({ kind: 'delay', ms: 150, method: 'POST', pathIncludes: '/issues', count: 1000 });
    let kills = 0;
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    while (kills < 20) {
      const child = startReporter(db);
      const before = fake.requests.filter((r) => r.method === 'POST').length;
      let finished = false;
      child.stdout?.on('data', (d: Buffer) => (finished ||= d.toString().includes('drained')));
      // Wait for a create request to reach the fake, then kill within 0-200 ms of it.
      const deadline = Date.now() + 20_000;
      while (fake.requests.filter((r) => r.method === 'POST').length === before && !finished && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise((r) => setTimeout(r, Math.floor(random() * 200)));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      if (finished) break;
      kills++;
    }
    const last = startReporter(db);
    await new Promise<void>((resolve, reject) => {
      last.stdout?.on('data', (d: Buffer) => d.toString().includes('drained') && resolve());
      last.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`reporter exited ${code}`))));
    });
    const counts = issuesPerFingerprint(fake);
    const duplicates = [...counts.values()].reduce((n, c) => n + (c - 1), 0);
    const missing = 30 - counts.size;
    if (missing > 0) {
      const have = new Set(counts.keys());
      const lost = Array.from({ length: 30 }, (_, f) => eventOf(f).fingerprint).filter((fp) => !have.has(fp));
      const odd = fake.issues().filter((i) => parseMarker(i.body) === undefined).map((i) => `#${i.number} ${i.title} …${JSON.stringify((i.body ?? '').slice(-400))}`);
      process.stdout.write(`no marker: ${odd.join(' || ')}\n`);
      process.stdout.write(`missing ${lost.join(', ')}; POST statuses ${fake.requests.filter((r) => r.method === 'POST').map((r) => r.status).join(',')}; errors ${fake.responseErrors.join(' | ')}\n`);
    }
    process.stdout.write(`kill -9 ×${kills}: ${fake.issues().length} issues for 30 fingerprints, ${duplicates} duplicates, ${missing} missing\n`);
    expect(kills).toBe(20);
    expect({ duplicates, missing, issues: fake.issues().length }).toEqual({ duplicates: 0, missing: 0, issues: 30 });
    expect(fake.responseErrors).toEqual([]);
  });
});
