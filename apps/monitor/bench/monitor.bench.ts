/*
 * The monitor as a process against a real container and the GitHub fake:
 * 1. latency from a line written inside the container to the issue's create request reaching
 *    the fake, over ≥ 50 new fingerprints (the seed's 30 s polling alone costs up to 30 000 ms);
 * 2. a flood of error lines over 50 fingerprints: creates, comments, the monitor's peak RSS and
 *    how long after the last line it had counted everything (ingest lag).
 * 3. what scrubbing costs per event whose text the monitor has not scrubbed before (a flood
 *    repeats its texts, and those are scrubbed once): the catalogue and every fallback.
 * 4. the engine's floor for that lag: the same flood followed by `docker logs -f` alone.
 * 5. the same on logs nobody tuned for: the classifier bench's noisy and failing corpora.
 * Not a test: it prints figures; the last lines are flood_events_per_s, flood_peak_rss_mb,
 *    flood_ingest_lag_ms, flood_engine_floor_lag_ms, scrub_us_per_event and
 *    log_to_issue_p99_ms (name=value).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TEST_IMAGE, docker, dockerLogs, ensureTestImage, removeContainers, uniqueName, waitFor } from '@safework/docker-logs/testing';
import { GitHubFake } from '@safework/github-fake';
import { parseMarker, scrub } from '@safework/github-reporter';
import { peakRssMb, percentile, root, serveArgs, word } from './bench-support';
import { ensureCorpus, type CorpusName } from './corpora';

const FINGERPRINTS = Number(process.env['BENCH_FINGERPRINTS'] ?? 60);
const FLOOD_LINES = Number(process.env['BENCH_FLOOD_LINES'] ?? 1_000_000);

function startMonitor(fake: GitHubFake, name: string, dir: string): ChildProcess {
  // The built bundle, as `nx serve monitor` runs it (tsx alone would add ~30 MB of RSS).
  // BENCH_MONITOR_PROFILE=<dir>: the monitor writes a CPU profile there when the bench stops it.
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
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function latency(): Promise<number> {
  const fake = new GitHubFake();
  await fake.start();
  const name = uniqueName('bench-latency');
  const dir = mkdtempSync(join(tmpdir(), 'bench-monitor-'));
  const monitor = startMonitor(fake, name, dir);
  try {
    await new Promise((r) => setTimeout(r, 3000));
    // New fingerprints 1.2 s apart: GitHub's content-creation limit (80/min) sets the pace.
    const script = Array.from({ length: FINGERPRINTS }, (_, i) => `echo "2024-05-02 10:00:00,000 ERROR: [CRITICAL] database_connection_error: pool ${word(i)} exhausted"; usleep 1200000`).join('; ');
    docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', `${script}; sleep 30`);
    await waitFor('all issues', () => fake.issues().length >= FINGERPRINTS, FINGERPRINTS * 2000 + 60_000);
    const written = new Map(dockerLogs(name).map((l) => [/pool (\w+) exhausted/.exec(l.text)?.[1] ?? '', Date.parse(l.time)]));
    const created = fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues') && r.status === 201);
    const latencies = created.map((r) => {
      const w = /pool (\w+) exhausted/.exec(String((r.body as { title?: string }).title))?.[1] ?? '';
      return Date.parse(r.at) - (written.get(w) ?? NaN);
    });
    const p99 = percentile(latencies, 99);
    console.log(`RESULT ${JSON.stringify({ figure: `log line → GitHub issue, p99 of ${latencies.length} new fingerprints`, value: p99, unit: 'ms', baseline: 30000, baselineLabel: "the seed's docker-logs polling interval", ratio: Number((30000 / p99).toFixed(1)), target: '< 300 ms' })}`);
    console.log(`latency over ${latencies.length} new fingerprints: p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${Math.max(...latencies)} ms (baseline: the seed polls every 30 000 ms)`);
    return percentile(latencies, 99);
  } finally {
    monitor.kill('SIGKILL');
    removeContainers(name);
    await fake.stop();
  }
}

interface FloodFigures {
  readonly eventsPerS: number;
  readonly peakRssMb: number;
  readonly ingestLagMs: number;
  readonly floorLagMs: number;
}

/** The flood a container writes: 50 fingerprints, `perFingerprint` lines each, then a last line. */
function floodScript(perFingerprint: number): string {
  const script = Array.from({ length: 50 }, (_, i) => `yes "2024-05-02 10:00:00,000 ERROR: [HIGH] application_error: checkout failed in step ${word(i)}" | head -n ${perFingerprint}`).join('; ');
  return `${script}; echo "2024-05-02 10:00:01,000 INFO: flood-done"; sleep 600`;
}

/**
 * The engine's own floor: how long after the flood's last line `docker logs -f` (Docker's Go
 * client, its output read by grep) receives it. The engine reads a json-file log back to a
 * follower at its own pace while the container still writes; no follower can beat this.
 */
async function engineFloorLagMs(script: string, marker = 'flood-done', mounts: string[] = []): Promise<number> {
  const name = uniqueName('bench-floor');
  try {
    docker('run', '-d', '--name', name, ...mounts, TEST_IMAGE, 'sh', '-c', `sleep 2; ${script}`);
    const reader = spawn('sh', ['-c', `docker logs -f ${name} 2>&1 | (grep -m1 -q ${marker}; date +%s%3N)`], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    reader.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor('container wrote everything', () => docker('logs', '--tail', '1', name).includes(marker), 600_000);
    const writtenAt = Date.now();
    await waitFor('docker logs -f read everything', () => out.trim().length > 0, 600_000);
    return Number(out.trim()) - writtenAt;
  } finally {
    removeContainers(name);
  }
}

async function flood(): Promise<FloodFigures> {
  const fake = new GitHubFake();
  await fake.start();
  const name = uniqueName('bench-flood');
  const dir = mkdtempSync(join(tmpdir(), 'bench-monitor-'));
  const monitor = startMonitor(fake, name, dir);
  const perFingerprint = Math.ceil(FLOOD_LINES / 50);
  try {
    await new Promise((r) => setTimeout(r, 3000));
    const start = Date.now();
    docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', floodScript(perFingerprint));
    const db = join(dir, 'data/state.db');
    const total = (): number => {
      try {
        const conn = new Database(db, { readonly: true, fileMustExist: true });
        const n = (conn.prepare('SELECT COALESCE(SUM(count), 0) AS n FROM error_counts').get() as { n: number }).n;
        conn.close();
        return n;
      } catch {
        return 0;
      }
    };
    // Only the tail: reading a million lines back would stall this process, which serves the fake.
    await waitFor('container wrote everything', () => docker('logs', '--tail', '1', name).includes('flood-done'), 600_000);
    const writtenAt = Date.now();
    await waitFor('monitor counted everything', () => total() >= perFingerprint * 50, 600_000);
    const countedAt = Date.now();
    await waitFor('issues', () => fake.issues().length >= 50, 120_000);
    const comments = fake.issues().reduce((n, i) => n + i.comments.length, 0);
    const issuesPerFp = new Map<string, number>();
    for (const i of fake.issues()) {
      const fp = parseMarker(i.body)?.fingerprint ?? 'none';
      issuesPerFp.set(fp, (issuesPerFp.get(fp) ?? 0) + 1);
    }
    const doubled = [...issuesPerFp.values()].reduce((n, c) => n + c - 1, 0);
    const rss = peakRssMb(monitor.pid ?? 0);
    const rate = Math.round((perFingerprint * 50) / ((countedAt - start) / 1000));
    console.log(`RESULT ${JSON.stringify({ figure: `flood of ${perFingerprint * 50} error lines: issues for 50 fingerprints (duplicates)`, value: `${fake.issues().length} (${doubled})`, unit: 'issues', baseline: null, baselineLabel: '', ratio: null, target: '50 (0)' })}`);
    console.log(`RESULT ${JSON.stringify({ figure: 'flood: monitor peak RSS', value: Math.round(rss), unit: 'MB', baseline: null, baselineLabel: '', ratio: null, target: '< 120 MB' })}`);
    console.log(`RESULT ${JSON.stringify({ figure: 'flood: error events handled', value: rate, unit: 'lines/s', baseline: null, baselineLabel: '', ratio: null, target: '≥ 50000 lines/s' })}`);
    await stopMonitor(monitor);
    removeContainers(name);
    // Measured after the monitor's run, alone on the machine as the monitor was.
    const floorLagMs = await engineFloorLagMs(floodScript(perFingerprint));
    const figures = { eventsPerS: rate, peakRssMb: Math.round(rss), ingestLagMs: countedAt - writtenAt, floorLagMs };
    console.log(`RESULT ${JSON.stringify({ figure: 'flood: ingest lag after the last line', value: figures.ingestLagMs, unit: 'ms', baseline: floorLagMs, baselineLabel: 'docker logs -f, the same flood', ratio: Number((floorLagMs / figures.ingestLagMs).toFixed(2)), target: '< 5000 ms' })}`);
    console.log(`engine floor: docker logs -f received the same flood's last line ${floorLagMs} ms after it was written`);
    console.log(
      `flood: ${perFingerprint * 50} error lines of 50 fingerprints in ${((countedAt - start) / 1000).toFixed(1)} s (${Math.round((perFingerprint * 50) / ((countedAt - start) / 1000))} lines/s); ` +
        `${fake.issues().length} issues created for ${issuesPerFp.size} fingerprints (${doubled} duplicates), ${comments} comments; monitor peak RSS ${rss.toFixed(0)} MB; ingest lag after the last line ${countedAt - writtenAt} ms`,
    );
    return figures;
  } finally {
    await stopMonitor(monitor);
    removeContainers(name);
    await fake.stop();
  }
}

/** SIGKILL, or SIGTERM and a wait when profiling (the profile is written at exit). */
async function stopMonitor(monitor: ChildProcess): Promise<void> {
  if (monitor.exitCode !== null || monitor.signalCode !== null) return;
  if (!process.env['BENCH_MONITOR_PROFILE']) {
    monitor.kill('SIGKILL');
    return;
  }
  const exited = new Promise((r) => monitor.once('exit', r));
  monitor.kill('SIGTERM');
  await exited;
}

/** Microseconds per distinct event text: a one-line message and a Flask traceback. */
function scrubCost(): number {
  const message = `2024-05-02 10:00:00,000 ERROR: [HIGH] application_error: checkout failed in step`;
  const traceback = [
    'Traceback (most recent call last):',
    '  File "/usr/local/lib/python3.11/site-packages/flask/app.py", line 1484, in full_dispatch_request',
    '    rv = self.dispatch_request()',
    '  File "/app/app.py", line 120, in submit',
    '    db.session.commit()',
    "sqlalchemy.exc.OperationalError: (pymysql.err.OperationalError) (2013, 'Lost connection to MySQL server during query')",
  ].join('\n');
  const n = 50_000;
  for (let i = 0; i < 2_000; i++) scrub(`${message} warm${i}`);
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) scrub(i % 2 === 0 ? `${message} ${word(i)}${i}` : `${traceback} request ${i}`);
  const us = Number(process.hrtime.bigint() - start) / 1000 / n;
  console.log(`RESULT ${JSON.stringify({ figure: 'scrubbing a distinct event (catalogue and fallbacks)', value: Number(us.toFixed(1)), unit: 'µs', baseline: null, baselineLabel: '', ratio: null, target: 'reported' })}`);
  return us;
}

/**
 * The flood on logs the monitor was not tuned for: a container prints a classifier corpus
 * (`noisy`: long lines, Korean text, ANSI colour, 1 % events over thousands of fingerprints;
 * `failing`: 5 % long tracebacks), then a last event. Ingest lag is from when the container
 * printed that last line to when the monitor's errors log holds it; peak RSS over the run.
 */
async function corpusFlood(corpus: CorpusName): Promise<{ lagMs: number; rssMb: number; linesPerS: number }> {
  const fake = new GitHubFake();
  await fake.start();
  const name = uniqueName(`bench-${corpus}`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-monitor-'));
  const file = ensureCorpus(corpus, join(root, `bench/corpus/${corpus}-1000000.log`), 1_000_000);
  const monitor = startMonitor(fake, name, dir);
  const lines = Number(execFileSync('wc', ['-l', file.path], { encoding: 'utf8' }).trim().split(' ')[0]);
  try {
    await new Promise((r) => setTimeout(r, 3000));
    const start = Date.now();
    const done = '2024-05-02 10:00:01,000 ERROR: [CRITICAL] application_error: corpus-flood-done';
    docker('run', '-d', '--name', name, '-v', `${file.path}:/corpus.log:ro`, TEST_IMAGE, 'sh', '-c', `cat /corpus.log; echo "${done}"; sleep 600`);
    const errorsLog = join(dir, 'logs/safework-errors.log');
    const logged = (): boolean => {
      try {
        const size = statSync(errorsLog).size;
        const fd = openSync(errorsLog, 'r');
        const tail = Buffer.alloc(Math.min(size, 8192));
        readSync(fd, tail, 0, tail.length, size - tail.length);
        closeSync(fd);
        return tail.includes('corpus-flood-done');
      } catch {
        return false;
      }
    };
    await waitFor('container printed everything', () => docker('logs', '--tail', '1', name).includes('corpus-flood-done'), 900_000);
    const writtenAt = Date.now();
    await waitFor('monitor logged the last event', logged, 900_000);
    const loggedAt = Date.now();
    const rss = peakRssMb(monitor.pid ?? 0);
    const figures = { lagMs: loggedAt - writtenAt, rssMb: Math.round(rss), linesPerS: Math.round(lines / ((loggedAt - start) / 1000)) };
    await stopMonitor(monitor);
    removeContainers(name);
    // The engine's own floor for this corpus, alone on the machine as the monitor was.
    const floorLagMs = await engineFloorLagMs(`cat /corpus.log; echo "${done}"; sleep 600`, 'corpus-flood-done', ['-v', `${file.path}:/corpus.log:ro`]);
    console.log(`corpus flood (${corpus}, ${lines} lines, ${Math.round(file.bytes / 1e6)} MB): ${figures.linesPerS} lines/s; monitor peak RSS ${figures.rssMb} MB; ingest lag after the last line ${figures.lagMs} ms; docker logs -f of the same: ${floorLagMs} ms`);
    console.log(`RESULT ${JSON.stringify({ figure: `${corpus} corpus flood (${lines.toLocaleString('en-US')} lines): monitor peak RSS`, value: figures.rssMb, unit: 'MB', baseline: null, baselineLabel: '', ratio: null, target: '< 120 MB' })}`);
    console.log(`RESULT ${JSON.stringify({ figure: `${corpus} corpus flood: ingest lag after the last line`, value: figures.lagMs, unit: 'ms', baseline: floorLagMs, baselineLabel: 'docker logs -f, the same corpus', ratio: Number((floorLagMs / Math.max(1, figures.lagMs)).toFixed(2)), target: '< 5000 ms' })}`);
    return figures;
  } finally {
    await stopMonitor(monitor);
    removeContainers(name);
    await fake.stop();
  }
}

async function main(): Promise<void> {
  ensureTestImage();
  const scrubUs = scrubCost();
  const p99 = await latency();
  if (FLOOD_LINES > 0) {
    const f = await flood();
    console.log(`flood_events_per_s=${f.eventsPerS}`);
    console.log(`flood_peak_rss_mb=${f.peakRssMb}`);
    console.log(`flood_ingest_lag_ms=${f.ingestLagMs}`);
    console.log(`flood_engine_floor_lag_ms=${f.floorLagMs}`);
  }
  for (const corpus of (process.env['BENCH_CORPUS_FLOODS'] ?? 'noisy,failing').split(',').filter(Boolean) as CorpusName[]) {
    const c = await corpusFlood(corpus);
    console.log(`${corpus}_flood_peak_rss_mb=${c.rssMb}`);
    console.log(`${corpus}_flood_ingest_lag_ms=${c.lagMs}`);
  }
  console.log(`scrub_us_per_event=${scrubUs.toFixed(1)}`);
  console.log(`log_to_issue_p99_ms=${Math.round(p99)}`);
}

void main();
