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
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TEST_IMAGE, docker, dockerLogs, ensureTestImage, removeContainers, uniqueName, waitFor } from '@safework/docker-logs/testing';
import { GitHubFake } from '@safework/github-fake';
import { parseMarker, scrub } from '@safework/github-reporter';
import { cpuSeconds, peakRssMb, percentile, word } from './bench-support';
import { type CorpusName } from './corpora';
import { corpusFlood } from './corpus-flood';
import { engineFloorLagMs, startMonitor, startWriter, stopMonitor } from './monitor-runs';

const FINGERPRINTS = Number(process.env['BENCH_FINGERPRINTS'] ?? 60);
const FLOOD_LINES = Number(process.env['BENCH_FLOOD_LINES'] ?? 1_000_000);

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

/**
 * The flood a container writes: 50 fingerprints, `perFingerprint` lines each, then a last line.
 * Each line has its own time, as Python's logging writes them: a crash loop never repeats a
 * line byte for byte, and a flood of one repeated line measured the classifier's verdict cache.
 * `BENCH_FLOOD_REPEAT=1` writes the repeated lines instead.
 */
function floodScript(perFingerprint: number): string {
  const done = 'echo "2024-05-02 10:00:01,000 INFO: flood-done"';
  if (process.env['BENCH_FLOOD_REPEAT'] === '1') {
    const script = Array.from({ length: 50 }, (_, i) => `yes "2024-05-02 10:00:00,000 ERROR: [HIGH] application_error: checkout failed in step ${word(i)}" | head -n ${perFingerprint}`).join('; ');
    return `${script}; ${done}`;
  }
  const words = Array.from({ length: 50 }, (_, i) => word(i)).join(' ');
  const awk =
    `BEGIN { n = split("${words}", w, " "); for (f = 1; f <= n; f++) for (i = 0; i < ${perFingerprint}; i++) { t = (f - 1) * ${perFingerprint} + i; ` +
    'printf "2024-05-02 %02d:%02d:%02d,%03d ERROR: [HIGH] application_error: checkout failed in step %s\\n", (t / 3600000) % 24, (t / 60000) % 60, (t / 1000) % 60, t % 1000, w[f] } }';
  return `awk '${awk}'; ${done}`;
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
    const cpuBefore = cpuSeconds(monitor.pid ?? 0);
    const start = Date.now();
    const writer = startWriter(name, floodScript(perFingerprint));
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
    const writtenAt = await waitFor('container wrote everything', () => writer.writtenAt(), 600_000);
    writer.dispose();
    await waitFor('monitor counted everything', () => total() >= perFingerprint * 50, 600_000);
    const countedAt = Date.now();
    // The monitor's CPU for the flood (it idled before it, bar its start).
    const cpu = cpuSeconds(monitor.pid ?? 0) - cpuBefore;
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
        `${fake.issues().length} issues created for ${issuesPerFp.size} fingerprints (${doubled} duplicates), ${comments} comments; monitor peak RSS ${rss.toFixed(0)} MB, CPU ${cpu.toFixed(1)} s (${((cpu * 1e6) / (perFingerprint * 50)).toFixed(1)} µs an event); ingest lag after the last line ${countedAt - writtenAt} ms`,
    );
    return figures;
  } finally {
    await stopMonitor(monitor);
    removeContainers(name);
    await fake.stop();
  }
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
