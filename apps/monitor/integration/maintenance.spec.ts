import { TEST_IMAGE, docker, uniqueName, waitFor } from '@safework/docker-logs/testing';
import { startMonitor } from './support/monitor-process';
import { operatorSuite } from './support/operator-suite';

// The running monitor and the `maintenance` command as two processes sharing STATE_DIR, a real
// container printing a MariaDB-style failure, and the GitHub fake.

/** A database error as the app prints it during a MariaDB restart, once a second from the start. */
const dbError = (word: string): string =>
  `printf '2024-05-02 10:00:01,000 ERROR: Exception on /survey/${word} [POST]\\nTraceback (most recent call last):\\n  File "/app/app.py", line 40, in ${word}\\n    db.session.commit()\\nsqlalchemy.exc.OperationalError: (pymysql.err.OperationalError) (1927, "Connection was killed")\\n'`;

describe('maintenance windows (the CLI and the running monitor, two processes)', () => {
  const suite = operatorSuite('maintenance');
  const { containers, running } = suite;
  const env = (container: string): Record<string, string> => suite.env(container);
  /** Runs `maintenance …` to its end: its exit code and what it printed. */
  const cli = (container: string, ...args: string[]): Promise<{ code: number | null; out: string }> => suite.cli(container, 'maintenance', ...args);
  const settle = async (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  /** Events in the monitor's errors log (counted and logged, whether filed or not). */
  const logged = (): number => suite.logged('OperationalError');

  it('files nothing during the window, and one issue, saying so, for errors that go on after it', async () => {
    const name = uniqueName('maint-app');
    containers.push(name);
    const start = await cli(name, 'start', '--for', '30m', '--reason', 'MariaDB restart');
    expect(start.code).toBe(0);
    expect(start.out).toMatch(/maintenance window #1 open: .* every container — MariaDB restart/);
    const monitor = startMonitor(['run'], env(name));
    running.push(monitor);
    docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', `while true; do ${dbError('submit')}; sleep 1; done`);
    await waitFor('the monitor to log five errors', () => logged() >= 5, 60_000);
    expect(suite.fake.issues()).toEqual([]);
    expect((await cli(name, 'list')).out).toMatch(/#1 open: .*MariaDB restart/);
    // `status`, from a third process: the container, the window, nothing filed yet.
    const status = startMonitor(['status'], env(name));
    expect(await status.exited).toBe(0);
    expect(status.output()).toMatch(/^SafeWork Monitor: running; files to safework\/safework\n/);
    expect(status.output()).toMatch(new RegExp(`\\n${name} +running +none +0 +safework-test/busybox:1\\n`));
    expect(status.output()).toContain('no issues filed yet');
    expect(status.output()).toMatch(/MAINTENANCE WINDOWS\n {2}#1 open until \S+: every container — MariaDB restart/);
    const end = await cli(name, 'end');
    expect(end.out).toMatch(/ended 1 maintenance window/);
    await waitFor('one issue for the errors that went on', () => suite.fake.issues().length === 1, 60_000);
    await settle(4_000);
    expect(suite.fake.issues()).toHaveLength(1);
    expect(suite.fake.issues()[0]?.body).toMatch(/유지보수 창\(.* MariaDB restart\) 동안 \d+건 발생했고, 창이 끝난 뒤에도 계속되어/);
  }, 120_000);

  it('files nothing after the window when the errors stopped within it', async () => {
    const name = uniqueName('maint-app');
    containers.push(name);
    expect((await cli(name, 'start', '--for', '25s', '--containers', name)).code).toBe(0);
    running.push(startMonitor(['run'], env(name)));
    docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', `for i in 1 2 3; do ${dbError('stopped')}; sleep 1; done; sleep 300`);
    await waitFor('the monitor to log the three errors', () => logged() === 3, 20_000);
    // The window ends by itself (the list is empty then), whoever reads it.
    for (let i = 0; i < 40 && (await cli(name, 'list')).out !== 'no maintenance window open or planned\n'; i++) await settle(1_000);
    expect((await cli(name, 'list')).out).toBe('no maintenance window open or planned\n');
    await settle(4_000);
    expect(suite.fake.issues()).toEqual([]);
  }, 60_000);

  it('refuses a window without a readable duration, naming the flag', async () => {
    const r = await cli('x', 'start', '--for', 'soon');
    expect(r.code).toBe(64);
    expect(r.out).toContain('--for must be a duration such as 30m, 2h or 1d (got "soon")');
    expect((await cli('x', 'pause')).code).toBe(64);
  }, 30_000);
});
