import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_IMAGE, docker, removeContainers, uniqueName, waitFor } from '@safework/docker-logs/testing';
import type { GitHubFake } from '@safework/github-fake';
import { root, serveArgs } from './bench-support';

// The monitor as a process for the benches, and the engine's own floor beside it.

export function startMonitor(fake: GitHubFake, name: string, dir: string): ChildProcess {
  // The built bundle, as `nx serve monitor` runs it (tsx alone would add ~30 MB of RSS).
  // BENCH_MONITOR_PROFILE=<dir>: the monitor writes a CPU profile there when the bench stops it.
  // BENCH_MONITOR_STDOUT=1: the monitor's stdout on the bench's (what `--trace-gc` prints, say).
  const profile = process.env['BENCH_MONITOR_PROFILE'];
  const flags = (process.env['BENCH_MONITOR_NODE_FLAGS'] ?? '').split(' ').filter(Boolean);
  return spawn(process.execPath, [...flags, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), ...serveArgs()], {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'),
      GITHUB_TOKEN: 'fake-push-token',
      GITHUB_REPO: 'safework/safework',
      GITHUB_API_URL: fake.url,
      MONITOR_CONTAINERS: name,
      MONITORING_INTERVAL: '5',
      REPORT_COMMENT_INTERVAL: '3600',
      STATE_DIR: join(dir, 'data'),
      LOG_DIR: join(dir, 'logs'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', process.env['BENCH_MONITOR_STDOUT'] ? 'inherit' : 'ignore', 'inherit'],
  });
}

/** A container printing a flood, and when it had printed all of it. */
export interface Writer {
  /** When the container had printed the flood's last line (ms since the epoch); undefined before. */
  writtenAt(): number | undefined;
  dispose(): void;
}

/**
 * Starts a container that runs `script` (which prints the flood) and then says so in a file on
 * a bind mount; the file's time is when the last line was printed. The bench used to poll
 * `docker logs --tail 1` ten times a second: a Go CLI started that often, and the engine
 * answering it, took a share of the two cores from the monitor being measured.
 */
export function startWriter(name: string, script: string, mounts: readonly string[] = []): Writer {
  const dir = mkdtempSync(join(tmpdir(), 'bench-mark-'));
  const done = join(dir, 'done');
  docker('run', '-d', '--name', name, '-v', `${dir}:/mark`, ...mounts, TEST_IMAGE, 'sh', '-c', `${script}; echo done > /mark/done; sleep 600`);
  return {
    writtenAt: () => {
      try {
        return Math.round(statSync(done).mtimeMs);
      } catch {
        return undefined;
      }
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The engine's own floor: how long after the flood's last line `docker logs -f` (Docker's Go
 * client, its output read by grep) receives it. The engine reads a json-file log back to a
 * follower at its own pace while the container still writes; no follower can beat this.
 */
export async function engineFloorLagMs(script: string, marker = 'flood-done', mounts: string[] = []): Promise<number> {
  const name = uniqueName('bench-floor');
  const writer = startWriter(name, `sleep 2; ${script}`, mounts);
  try {
    const reader = spawn('sh', ['-c', `docker logs -f ${name} 2>&1 | (grep -m1 -q ${marker}; date +%s%3N)`], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    reader.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const writtenAt = await waitFor('container wrote everything', () => writer.writtenAt(), 600_000);
    await waitFor('docker logs -f read everything', () => out.trim().length > 0, 600_000);
    return Number(out.trim()) - writtenAt;
  } finally {
    removeContainers(name);
    writer.dispose();
  }
}

/** SIGKILL, or SIGTERM and a wait when profiling (the profile is written at exit). */
export async function stopMonitor(monitor: ChildProcess): Promise<void> {
  if (monitor.exitCode !== null || monitor.signalCode !== null) return;
  if (!process.env['BENCH_MONITOR_PROFILE']) {
    monitor.kill('SIGKILL');
    return;
  }
  const exited = new Promise((r) => monitor.once('exit', r));
  monitor.kill('SIGTERM');
  await exited;
}
