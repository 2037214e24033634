import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_IMAGE, docker, uniqueName, waitFor } from '@safework/docker-logs/testing';
import { startMonitor } from './support/monitor-process';
import { operatorSuite } from './support/operator-suite';

// The running monitor and the `silence` command as two processes sharing STATE_DIR, a real
// container whose bug the test paces through files in a mounted directory, the GitHub fake.

const bug = `printf '2024-05-02 10:00:01,000 ERROR: Exception on /survey/export [GET]\\nTraceback (most recent call last):\\n  File "/app/app.py", line 88, in export\\n    rows = report.build()\\nKeyError: department\\n'`;
/** Waits for /ctl/<phase>, then prints the bug `times` times. */
const phase = (name: string, times: number): string => `while [ ! -f /ctl/${name} ]; do sleep 0.2; done; for i in $(seq ${times}); do ${bug}; done`;

describe('silences (the CLI and the running monitor, two processes)', () => {
  const suite = operatorSuite('silence', { REPORT_COMMENT_INTERVAL: '2' });
  const { containers, running } = suite;
  const env = (container: string): Record<string, string> => suite.env(container);
  /** Runs `silence …` to its end: its exit code and what it printed. */
  const cli = (container: string, ...args: string[]): Promise<{ code: number | null; out: string }> => suite.cli(container, 'silence', ...args);
  const logged = (): number => suite.logged('KeyError');
  const settle = async (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  it('a silenced problem gets no digest; the silence lifts at 10× the rate with one comment, and digests come back', async () => {
    const name = uniqueName('silence-app');
    containers.push(name);
    const ctl = join(suite.dir, 'ctl');
    mkdirSync(ctl);
    running.push(startMonitor(['run'], env(name)));
    docker('run', '-d', '--name', name, '-v', `${ctl}:/ctl:ro`, TEST_IMAGE, 'sh', '-c', `${bug}; ${phase('quiet', 5)}; ${phase('loud', 15)}; sleep 300`);
    await waitFor('the issue', () => suite.fake.issues().length === 1, 60_000);
    const set = await cli(name, '#1', '--for', '7d', '--until-rate', '10x', '--reason', 'known, fix in review');
    expect(set.code).toBe(0);
    expect(set.out).toMatch(/^#1 v\d+-[0-9a-f]+ \(issue #1\): until .*, or past 10× 1\/h — known, fix in review/);
    writeFileSync(join(ctl, 'quiet'), '');
    await waitFor('six occurrences counted', () => logged() === 6, 30_000);
    await settle(5_000); // digests fall due every 2 s: none may come
    expect(suite.fake.issues()[0]?.comments).toEqual([]);
    writeFileSync(join(ctl, 'loud'), '');
    await waitFor('the silence lifted', () => suite.fake.issues()[0]?.comments.some((c) => /음소거를 해제했습니다/.test(c.body)), 30_000);
    await waitFor('a digest again', () => suite.fake.issues()[0]?.comments.some((c) => c.body.includes('재발 요약')), 30_000);
    const comments = suite.fake.issues()[0]?.comments.map((c) => c.body) ?? [];
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
