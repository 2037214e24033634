import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = join(__dirname, '../../../..');

/** A monitor process: its output so far, and its exit code once it exits. */
export interface MonitorProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/**
 * The monitor from its sources (`main.ts` through tsx), as `npm run -s monitor --` runs it,
 * with only PATH and `env` in its environment.
 */
export function startMonitor(args: readonly string[], env: Readonly<Record<string, string>>): MonitorProcess {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'apps/monitor/src/main.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}
