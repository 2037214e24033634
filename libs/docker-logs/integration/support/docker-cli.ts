import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Test image made locally from Debian's busybox-static (no registry here). */
export const TEST_IMAGE = 'safework-test/busybox:1';
const APPLETS = ['sh', 'echo', 'printf', 'sleep', 'seq', 'cat', 'head', 'dd', 'usleep', 'yes', 'tr', 'true', 'false', 'nc', 'kill'];

/** Runs the docker CLI; throws with its stderr on failure. */
export function docker(...args: string[]): string {
  const result = spawnSync('docker', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** Builds the busybox test image once (`docker import` of a one-binary root filesystem). */
export function ensureTestImage(): void {
  if (spawnSync('docker', ['image', 'inspect', TEST_IMAGE]).status === 0) return;
  const root = mkdtempSync(join(tmpdir(), 'bb-root-'));
  try {
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'tmp'));
    copyFileSync('/bin/busybox', join(root, 'bin/busybox'));
    for (const applet of APPLETS) symlinkSync('busybox', join(root, 'bin', applet));
    const tar = spawnSync('sh', ['-c', `tar -C ${root} -c . | docker import - ${TEST_IMAGE}`], { encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`docker import failed: ${tar.stderr}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

let counter = 0;
/** A container name unique to this run. */
export function uniqueName(prefix: string): string {
  return `sw-it-${prefix}-${process.pid}-${++counter}`;
}

/** Removes containers, ignoring ones already gone. */
export function removeContainers(...names: string[]): void {
  if (names.length > 0) spawnSync('docker', ['rm', '-f', ...names], { encoding: 'utf8' });
}

/** How long to wait, and what to print when the wait fails. */
export interface WaitOptions {
  readonly timeoutMs?: number;
  /** The state waited on (counts, say): printed when the wait fails. */
  readonly state?: () => unknown;
  /**
   * Fail as soon as `state()` has not changed for this long: the state can no longer reach
   * what is waited for, and waiting out the whole timeout would only hide why.
   */
  readonly stalledAfterMs?: number;
}

/**
 * Polls until `check` returns a value. Fails at the timeout, or earlier once `state` has
 * stalled, with the state in the message.
 */
export async function waitFor<T>(what: string, check: () => T | undefined | false, options: number | WaitOptions = 30_000): Promise<T> {
  const { timeoutMs = 30_000, state, stalledAfterMs } = typeof options === 'number' ? { timeoutMs: options } : options;
  const start = Date.now();
  const end = start + timeoutMs;
  let last: string | undefined;
  let changedAt = start;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    const now = Date.now();
    const seen = state === undefined ? undefined : JSON.stringify(state());
    if (seen !== last) {
      last = seen;
      changedAt = now;
    }
    const detail = seen === undefined ? '' : `; state: ${seen}`;
    if (stalledAfterMs !== undefined && now - changedAt > stalledAfterMs) {
      throw new Error(`gave up waiting for ${what}: nothing changed for ${Math.round((now - changedAt) / 1000)} s${detail}`);
    }
    if (now > end) throw new Error(`timed out waiting for ${what} after ${Math.round((now - start) / 1000)} s${detail}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `docker logs --timestamps` of a container as {stream, time, text} (stdout and stderr apart). */
export function dockerLogs(name: string): Array<{ stream: string; time: string; text: string }> {
  const out: Array<{ stream: string; time: string; text: string }> = [];
  for (const stream of ['stdout', 'stderr'] as const) {
    const result = spawnSync('docker', ['logs', '--timestamps', name], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    const text = stream === 'stdout' ? result.stdout : result.stderr;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const space = line.indexOf(' ');
      out.push({ stream, time: line.slice(0, space), text: line.slice(space + 1) });
    }
  }
  return out;
}
