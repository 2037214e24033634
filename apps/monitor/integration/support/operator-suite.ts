import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTestImage, removeContainers } from '@safework/docker-logs/testing';
import { GitHubFake } from '@safework/github-fake';
import { startMonitor, type MonitorProcess } from './monitor-process';

/** What an operator suite's tests use: the fake, the monitor's settings, its command line. */
export interface OperatorSuite {
  readonly fake: GitHubFake;
  readonly dir: string;
  /** Containers and processes to remove and kill after each test. */
  readonly containers: string[];
  readonly running: MonitorProcess[];
  /** The monitor's environment, following `container`. */
  env(container: string): Record<string, string>;
  /** `monitor <args>` run to its end: its exit code and output. */
  cli(container: string, ...args: string[]): Promise<{ code: number | null; out: string }>;
  /** Lines of the errors log that contain `text` (events counted and logged, filed or not). */
  logged(text: string): number;
}

/**
 * Set-up shared by the suites of the operator's commands (`maintenance`, `silence`, `status`):
 * the running monitor and the command as two processes on one STATE_DIR, a fresh GitHub fake
 * and directory per test, containers removed after. Call it inside `describe`.
 */
export function operatorSuite(prefix: string, settings: Readonly<Record<string, string>> = {}): OperatorSuite {
  let fake: GitHubFake | undefined;
  let dir = '';
  const containers: string[] = [];
  const running: MonitorProcess[] = [];
  beforeAll(() => ensureTestImage());
  beforeEach(async () => {
    fake = new GitHubFake();
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  });
  afterEach(async () => {
    for (const r of running.splice(0)) r.child.kill('SIGKILL');
    removeContainers(...containers.splice(0));
    expect(fake?.responseErrors).toEqual([]);
    await fake?.stop();
  });
  const suite: OperatorSuite = {
    get fake(): GitHubFake {
      if (fake === undefined) throw new Error('no GitHub fake outside a test');
      return fake;
    },
    get dir(): string {
      return dir;
    },
    containers,
    running,
    env: (container) => ({
      GITHUB_TOKEN: 'fake-push-token',
      GITHUB_REPO: 'safework/safework',
      GITHUB_API_URL: suite.fake.url,
      MONITORING_INTERVAL: '1',
      MONITOR_CONTAINERS: container,
      STATE_DIR: join(dir, 'data'),
      LOG_DIR: join(dir, 'logs'),
      ...settings,
    }),
    cli: async (container, ...args) => {
      const p = startMonitor(args, suite.env(container));
      const code = await p.exited;
      return { code, out: p.output() };
    },
    logged: (text) => {
      const file = join(dir, 'logs', 'safework-errors.log');
      return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.includes(text)).length : 0;
    },
  };
  return suite;
}
