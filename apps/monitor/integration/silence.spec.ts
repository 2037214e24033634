import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_IMAGE, docker, ensureTestImage, removeContainers, uniqueName, waitFor } from '@safework/docker-logs/testing';
import { GitHubFake } from '@safework/github-fake';
import { startMonitor, type MonitorProcess } from './support/monitor-process';

// The running monitor and the `silence` command as two processes sharing STATE_DIR, a real
// container whose bug the test paces through files in a mounted directory, the GitHub fake.

const bug = `printf '2024-05-02 10:00:01,000 ERROR: Exception on /survey/export [GET]\\nTraceback (most recent call last):\\n  File "/app/app.py", line 88, in export\\n    rows = report.build()\\nKeyError: department\\n'`;
/** Waits for /ctl/<phase>, then prints the bug `times` times. */
const phase = (name: string, times: number): string => `while [ ! -f /ctl/${name} ]; do sleep 0.2; done; for i in $(seq ${times}); do ${bug}; done`;

describe('silences (the CLI and the running monitor, two processes)', () => {
  let fake: GitHubFake;
  let dir: string;
  const containers: string[] = [];
  const running: MonitorProcess[] = [];
  beforeAll(() => ensureTestImage());
  beforeEach(async () => {
    fake = new GitHubFake();
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'silence-'));
  });
  afterEach(async () => {
    for (const r of running.splice(0)) r.child.kill('SIGKILL');
    removeContainers(...containers.splice(0));
    expect(fake.responseErrors).toEqual([]);
    await fake.stop();
  });

  const env = (container: string): Record<string, string> => ({
    GITHUB_TOKEN: 'fake-push-token',
    GITHUB_REPO: 'safework/safework',
    GITHUB_API_URL: fake.url,
    MONITORING_INTERVAL: '1',
    REPORT_COMMENT_INTERVAL: '2',
    MONITOR_CONTAINERS: container,
    STATE_DIR: join(dir, 'data'),
    LOG_DIR: join(dir, 'logs'),
  });
  const cli = async (container: string, ...args: string[]): Promise<{ code: number | null; out: string }> => {
    const p = startMonitor(['silence', ...args], env(container));
    const code = await p.exited;
    return { code, out: p.output() };
  };
  const logged = (): number => {
    const file = join(dir, 'logs', 'safework-errors.log');
    return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('KeyError')).length : 0;
  };
  const settle = async (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  it('a silenced problem gets no digest; the silence lifts at 10× the rate with one comment, and digests come back', async () => {
    const name = uniqueName('silence-app');
    containers.push(name);
    const ctl = join(dir, 'ctl');
    mkdirSync(ctl);
    running.push(startMonitor(['run'], env(name)));
    docker('run', '-d', '--name', name, '-v', `${ctl}:/ctl:ro`, TEST_IMAGE, 'sh', '-c', `${bug}; ${phase('quiet', 5)}; ${phase('loud', 15)}; sleep 300`);
    await waitFor('the issue', () => fake.issues().length === 1, 60_000);
    const set = await cli(name, '#1', '--for', '7d', '--until-rate', '10x', '--reason', 'known, fix in review');
    expect(set.code).toBe(0);
    expect(set.out).toMatch(/^#1 v\d+-[0-9a-f]+ \(issue #1\): until .*, or past 10× 1\/h — known, fix in review/);
    writeFileSync(join(ctl, 'quiet'), '');
    await waitFor('six occurrences counted', () => logged() === 6, 30_000);
    await settle(5_000); // digests fall due every 2 s: none may come
    expect(fake.issues()[0]?.comments).toEqual([]);
    writeFileSync(join(ctl, 'loud'), '');
    await waitFor('the silence lifted', () => fake.issues()[0]?.comments.some((c) => /음소거를 해제했습니다/.test(c.body)), 30_000);
    await waitFor('a digest again', () => fake.issues()[0]?.comments.some((c) => c.body.includes('재발 요약')), 30_000);
    const comments = fake.issues()[0]?.comments.map((c) => c.body) ?? [];
    expect(comments.filter((c) => /음소거/.test(c))).toHaveLength(1);
    expect(comments[0]).toMatch(/발생률이 시간당 \d+건으로 음소거 당시\(시간당 1건\)의 10배를 넘어/);
    expect((await cli(name, 'list')).out).toMatch(/^#1 v\d+-[0-9a-f]+ \(issue #1\): lifted .* \(rate\)/);
  }, 120_000);

  it('names what it cannot silence and refuses a bad duration or factor', async () => {
    expect(await cli('x', '#41', '--for', '7d')).toEqual({ code: 1, out: expect.stringContaining('no problem #41 is known to this monitor') });
    expect(await cli('x', '#1', '--for', 'forever')).toEqual({ code: 64, out: expect.stringContaining('--for must be a duration such as 7d or 12h (got "forever")') });
    expect(await cli('x', '#1', '--for', '7d', '--until-rate', 'lots')).toEqual({ code: 64, out: expect.stringContaining('--until-rate must be a factor above 1 such as 10x (got "lots")') });
  }, 30_000);
});
