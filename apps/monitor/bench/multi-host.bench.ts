/*
 * Several hosts, one Redis: three monitor processes (each its own STATE_DIR and
 * MONITOR_HOST_ID, as three Docker hosts), one real redis-server and the GitHub fake. Each
 * follows one replica of one Compose service; the three replicas print the same 1 M error
 * lines between them (BENCH_MULTI_HOST_LINES), a new fingerprint every 1.2 s (GitHub's pace for
 * creates) and a burst of its lines after it. Measured:
 * - issues per fingerprint (a duplicate is any issue past the first);
 * - log line → create request: from the first replica printing a fingerprint's first line to
 *   the fake receiving the create that answered 201, p99 over the fingerprints;
 * - Redis commands per event (INFO commandstats, every command of every monitor, the
 *   commands run inside Lua scripts and heartbeats included).
 * Not a test: it prints figures; the last lines are multi_host_dup_issues,
 * multi_host_p99_ms and multi_host_redis_ops_per_event (name=value).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { TEST_IMAGE, docker, ensureTestImage, removeContainers, uniqueName, waitFor } from '@safework/docker-logs/testing';
import { GitHubFake } from '@safework/github-fake';
import { parseMarker } from '@safework/github-reporter';
import { RedisServer } from '@safework/shared-state/testing';
import { peakRssMb, percentile, root, serveArgs, word } from './bench-support';

const HOSTS = ['host-a', 'host-b', 'host-c'];
const LINES = Number(process.env['BENCH_MULTI_HOST_LINES'] ?? 1_000_000);
const FINGERPRINTS = Number(process.env['BENCH_MULTI_HOST_FINGERPRINTS'] ?? 50);

const lineOf = (i: number): string => `2024-05-02 10:00:00,000 ERROR: [HIGH] application_error: checkout failed in step ${word(i)}`;

function startMonitor(fake: GitHubFake, redisUrl: string, hostId: string, container: string, dir: string): ChildProcess {
  return spawn(process.execPath, serveArgs(), {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      GITHUB_TOKEN: 'fake-push-token',
      GITHUB_REPO: 'safework/safework',
      GITHUB_API_URL: fake.url,
      MONITOR_CONTAINERS: container,
      MONITORING_INTERVAL: '5',
      REPORT_COMMENT_INTERVAL: '60',
      STATE_DIR: join(dir, hostId, 'data'),
      LOG_DIR: join(dir, hostId, 'logs'),
      LOG_LEVEL: 'warn',
      MONITOR_HOST_ID: hostId,
      STATE_REDIS_URL: redisUrl,
      STATE_REDIS_PREFIX: 'bench',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Events a monitor has counted (its SQLite figures). */
function counted(dir: string, hostId: string): number {
  try {
    const conn = new Database(join(dir, hostId, 'data/state.db'), { readonly: true, fileMustExist: true });
    const n = (conn.prepare('SELECT COALESCE(SUM(count), 0) AS n FROM error_counts').get() as { n: number }).n;
    conn.close();
    return n;
  } catch {
    return 0;
  }
}

/** Every command Redis ran since its stats were reset. */
async function redisCalls(client: Redis): Promise<number> {
  const info = await client.info('commandstats');
  return [...info.matchAll(/calls=(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
}

/** When each fingerprint's first line was printed, by any replica (docker's timestamps). */
function firstPrinted(containers: readonly string[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const name of containers) {
    const out = execFileSync('sh', ['-c', `docker logs -t ${name} 2>&1 | awk '{w=$NF} !(w in s){s[w]=1; print $1, w}'`], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    for (const line of out.trim().split('\n')) {
      const [time, w] = line.split(' ');
      if (time === undefined || w === undefined) continue;
      const at = Date.parse(time);
      first.set(w, Math.min(first.get(w) ?? at, at));
    }
  }
  return first;
}

async function main(): Promise<void> {
  ensureTestImage();
  const redis = new RedisServer();
  await redis.start();
  const fake = new GitHubFake();
  await fake.start();
  const client = new Redis(redis.url);
  const dir = mkdtempSync(join(tmpdir(), 'bench-multi-host-'));
  const perFingerprint = Math.ceil(LINES / HOSTS.length / FINGERPRINTS);
  const containers = HOSTS.map(() => uniqueName('bench-replica'));
  const monitors = HOSTS.map((id, i) => startMonitor(fake, redis.url, id, containers[i] ?? '', dir));
  try {
    await new Promise((r) => setTimeout(r, 4000));
    await client.config('RESETSTAT');
    const script = Array.from({ length: FINGERPRINTS }, (_, i) => `yes "${lineOf(i)}" | head -n ${perFingerprint}; usleep 1200000`).join('; ');
    for (const name of containers) docker('run', '-d', '--name', name, '--label', 'com.docker.compose.service=safework-app', TEST_IMAGE, 'sh', '-c', `sleep 2; ${script}; echo flood-done; sleep 600`);
    const events = perFingerprint * FINGERPRINTS * HOSTS.length;
    await waitFor('every monitor counted its replica', () => HOSTS.every((id) => counted(dir, id) >= perFingerprint * FINGERPRINTS), 900_000);
    await waitFor('an issue per fingerprint', () => fake.issues().length >= FINGERPRINTS, 300_000);
    // Late duplicates, if any, would come within a lease (45 s) and a few ticks.
    await new Promise((r) => setTimeout(r, 10_000));
    const calls = await redisCalls(client);
    const perFp = new Map<string, number>();
    for (const issue of fake.issues()) {
      const fp = parseMarker(issue.body)?.fingerprint ?? `?${issue.number}`;
      perFp.set(fp, (perFp.get(fp) ?? 0) + 1);
    }
    const dup = [...perFp.values()].reduce((n, c) => n + c - 1, 0);
    const printed = firstPrinted(containers);
    const latencies = fake.requests
      .filter((r) => r.method === 'POST' && r.path.endsWith('/issues') && r.status === 201)
      .map((r) => Date.parse(r.at) - (printed.get(/step (\w+)/.exec(String((r.body as { title?: string }).title))?.[1] ?? '') ?? NaN))
      .filter((ms) => Number.isFinite(ms));
    const p99 = percentile(latencies, 99);
    const opsPerEvent = calls / events;
    const rss = monitors.map((m) => Math.round(peakRssMb(m.pid ?? 0)));
    console.log(
      `multi-host: ${events} error lines of ${FINGERPRINTS} fingerprints over ${HOSTS.length} hosts; ${fake.issues().length} issues for ${perFp.size} fingerprints (${dup} duplicates); ` +
        `log line → create p50 ${percentile(latencies, 50)} ms, p99 ${p99} ms over ${latencies.length}; Redis: ${calls} commands (${opsPerEvent.toFixed(4)} per event); monitors' peak RSS ${rss.join(', ')} MB`,
    );
    console.log(`RESULT ${JSON.stringify({ figure: `3 hosts, ${events.toLocaleString('en-US')} error lines of ${FINGERPRINTS} fingerprints: duplicate issues`, value: dup, unit: 'issues', baseline: null, baselineLabel: '', ratio: null, target: '0' })}`);
    console.log(`RESULT ${JSON.stringify({ figure: '3 hosts: log line → create request, p99', value: p99, unit: 'ms', baseline: null, baselineLabel: '', ratio: null, target: '< 2000 ms' })}`);
    console.log(`RESULT ${JSON.stringify({ figure: '3 hosts: Redis commands per event', value: Number(opsPerEvent.toFixed(4)), unit: 'commands', baseline: null, baselineLabel: '', ratio: null, target: '< 3' })}`);
    console.log(`multi_host_issues=${fake.issues().length}`);
    console.log(`multi_host_fingerprints=${perFp.size}`);
    console.log(`multi_host_redis_ops_per_event=${opsPerEvent.toFixed(4)}`);
    console.log(`multi_host_dup_issues=${dup}`);
    console.log(`multi_host_p99_ms=${p99}`);
  } finally {
    for (const m of monitors) m.kill('SIGKILL');
    removeContainers(...containers);
    client.disconnect();
    await fake.stop();
    await redis.dispose();
  }
}

void main();
