import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TEST_IMAGE, docker, dockerLogs, ensureTestImage, removeContainers, uniqueName, waitFor } from './support/docker-cli';

const root = join(__dirname, '../../..');
const readerScript = join(__dirname, 'support/reader.ts');

function startReader(db: string, name: string): ChildProcess {
  // node itself with tsx as a loader: a SIGKILL must hit the reading process, not a wrapper.
  return spawn(process.execPath, ['--import', 'tsx', readerScript, db, name], {
    cwd: root,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function seen(db: string, name: string): Array<{ stream: string; time: string; text: string }> {
  let conn: Database.Database;
  try {
    conn = new Database(db, { readonly: true, fileMustExist: true });
  } catch {
    return []; // the reader has not created it yet
  }
  try {
    return conn.prepare('SELECT stream, time, text FROM seen WHERE container = ? ORDER BY rowid').all(name) as Array<{ stream: string; time: string; text: string }>;
  } catch {
    return [];
  } finally {
    conn.close();
  }
}

const key = (l: { stream: string; time: string; text: string }): string => `${l.stream} ${l.time} ${l.text}`;

/** Compares what the reader recorded with `docker logs`: lost and doubled lines. */
function compare(db: string, name: string): { expected: number; got: number; lost: number; doubled: number } {
  const expected = dockerLogs(name).map(key);
  const got = seen(db, name).map(key);
  const counts = new Map<string, number>();
  for (const k of got) counts.set(k, (counts.get(k) ?? 0) + 1);
  let doubled = 0;
  for (const n of counts.values()) if (n > 1) doubled += n - 1;
  const lost = expected.filter((k) => !counts.has(k)).length;
  return { expected: expected.length, got: got.length, lost, doubled };
}

/**
 * Kills the reader `ms` after it has connected: counted from its start, a slow start on a
 * loaded machine (tsx compiling) would use up the moment before it read anything.
 */
async function killAfter(child: ChildProcess, ms: number): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('connected')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await new Promise((r) => setTimeout(r, ms));
  child.kill('SIGKILL');
  if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
}

describe('exactly-once delivery across crashes (real engine, SQLite checkpoints)', () => {
  const created: string[] = [];
  beforeAll(() => ensureTestImage());
  afterAll(() => removeContainers(...created));

  // Both orders on purpose: the last reader starts while the writer still runs (it must follow
  // on from its checkpoint), or after the writer has exited (it must read a stopped
  // container from its checkpoint to the end: the lines that explain why it stopped).
  it.each([
    { order: 'the writer still running', linger: 'sleep 20' },
    { order: 'the writer already exited', linger: 'true' },
  ])('sees every line exactly once when the reader is killed -9 mid-stream and last restarted with $order', async ({ order, linger }) => {
    const name = uniqueName('kill9');
    created.push(name);
    const db = join(mkdtempSync(join(tmpdir(), 'reader-')), 'state.db');
    // 40 000 lines over ~8 s, on both streams, so the kills land mid-stream.
    docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c',
      `i=0; while [ $i -lt 200 ]; do seq 1 100; seq 1 100 >&2; i=$((i+1)); usleep 40000; done; ${linger}`);
    // Kill at pseudo-random moments after each reader connected (the same moments each run).
    const moments = [900, 300, 1100, 500, 700];
    const seenAtKill: number[] = [];
    for (const ms of moments) {
      await killAfter(startReader(db, name), ms);
      seenAtKill.push(seen(db, name).length);
    }
    // The kills landed mid-stream: progress was made between them, and not all was read.
    expect(seenAtKill.filter((n, i) => n > (seenAtKill[i - 1] ?? 0) && n < 40_000).length).toBeGreaterThanOrEqual(2);
    process.stdout.write(`kill -9 (${order}): lines seen at each kill ${seenAtKill.join(', ')}\n`);
    const running = (): boolean => docker('inspect', '-f', '{{.State.Running}}', name).trim() === 'true';
    const written = (): number => dockerLogs(name).length;
    if (linger === 'true') await waitFor('writer exited', () => !running(), { timeoutMs: 60_000, state: written, stalledAfterMs: 20_000 });
    else await waitFor('all 40 000 lines written', () => written() === 40_000, { timeoutMs: 60_000, state: written, stalledAfterMs: 20_000 });
    // The order this case is about holds when the last reader starts.
    expect(running()).toBe(linger !== 'true');
    const last = startReader(db, name);
    try {
      // Once every line is written the expected side cannot change; the reader's side stalls
      // only when it has stopped reading, and then the numbers say what was lost.
      let now = compare(db, name);
      const result = await waitFor('reader caught up', () => {
        now = compare(db, name);
        return now.got >= now.expected ? now : undefined;
      }, { timeoutMs: 60_000, state: () => now, stalledAfterMs: 15_000 });
      expect(result).toEqual({ expected: 40_000, got: 40_000, lost: 0, doubled: 0 });
    } finally {
      last.kill('SIGKILL');
    }
  });

  it('resumes without loss or repeats when dockerd is restarted mid-stream', async () => {
    const name = uniqueName('dockerd');
    created.push(name);
    const db = join(mkdtempSync(join(tmpdir(), 'reader-')), 'state.db');
    docker('run', '-d', '--name', name, '--restart', 'always', TEST_IMAGE, 'sh', '-c',
      'i=0; while [ $i -lt 100 ]; do seq 1 50; i=$((i+1)); usleep 50000; done; sleep 3600');
    const reader = startReader(db, name);
    let output = '';
    reader.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    try {
      await waitFor('first lines', () => seen(db, name).length > 500, 30_000);
      // Restart the engine the way .ci/run started it.
      spawnSync('pkill', ['-TERM', '-x', 'dockerd']);
      await waitFor('dockerd gone', () => spawnSync('pgrep', ['-x', 'dockerd']).status !== 0, 60_000);
      const stoppedAt = Date.now();
      const log = openSync('/tmp/dockerd-restarted.log', 'a');
      spawn('dockerd', [], { detached: true, stdio: ['ignore', log, log] }).unref();
      await waitFor('dockerd back', () => spawnSync('docker', ['info']).status === 0, 90_000);
      await waitFor('reader reconnected', () => output.split('connected').length > 2, 30_000);
      const resumeMs = Date.now() - stoppedAt;
      // The restart policy starts the writer again: it prints its 5 000 lines once more.
      await waitFor('second run written', () => dockerLogs(name).length >= 10_000, { timeoutMs: 60_000, state: () => dockerLogs(name).length, stalledAfterMs: 20_000 });
      let now = compare(db, name);
      const result = await waitFor('reader caught up', () => {
        now = compare(db, name);
        return now.got >= now.expected ? now : undefined;
      }, { timeoutMs: 60_000, state: () => now, stalledAfterMs: 15_000 });
      expect(result.lost).toBe(0);
      expect(result.doubled).toBe(0);
      expect(result.got).toBe(result.expected);
      process.stdout.write(`dockerd restart: resumed ${resumeMs} ms after the engine stopped; ${result.got} lines, 0 lost, 0 doubled\n`);
    } finally {
      reader.kill('SIGKILL');
    }
  });
});
