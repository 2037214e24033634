import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { TEST_IMAGE, docker, ensureTestImage, removeContainers, uniqueName, waitFor } from '@safework/docker-logs/testing';
import { GitHubFake } from '@safework/github-fake';
import { parseMarker } from '@safework/github-reporter';
import { RedisClusterHeartbeats } from '@safework/shared-state';
import { RedisServer } from '@safework/shared-state/testing';
import { startMonitor, type MonitorProcess } from './support/monitor-process';
import { Partition } from './support/partition';

// Three monitors as three Docker hosts (each its own STATE_DIR and MONITOR_HOST_ID, each
// following one replica of one Compose service), one real redis-server, one GitHub fake.

/** The same Redis outage as SafeWork prints it, `times` times, a second apart, from a replica. */
const outage = (times: number): string =>
  `for i in $(seq ${times}); do printf '2024-05-02 10:00:01,000 ERROR: [CRITICAL] redis_connection_error: Error 111 connecting to safework-redis:6379. Connection refused. [in /app/app.py:42]\\nTraceback (most recent call last):\\n  File "/app/app.py", line 40, in submit_survey\\n    r.incr("survey:count")\\n  File "/usr/lib/python3/dist-packages/redis/connection.py", line 704, in connect\\n    raise ConnectionError(self._error_message(e))\\nredis.exceptions.ConnectionError: Error 111 connecting to safework-redis:6379. Connection refused.\\n'; sleep 1; done; sleep 300`;

/** An application bug every replica hits (one fingerprint per code path, by service). */
const appBug = (word: string): string =>
  `printf '2024-05-02 10:00:01,000 ERROR: Exception on /survey/${word} [POST]\\nTraceback (most recent call last):\\n  File "/app/app.py", line 40, in ${word}\\n    total = int(form["count"])\\nValueError: invalid literal for int() with base 10: many\\n'`;

describe('several hosts, one Redis', () => {
  let fake: GitHubFake;
  const redis = new RedisServer();
  const containers: string[] = [];
  const running: MonitorProcess[] = [];
  let dir: string;
  beforeAll(async () => {
    ensureTestImage();
    await redis.start();
  });
  afterAll(() => redis.dispose());
  beforeEach(async () => {
    fake = new GitHubFake();
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'multi-host-'));
  });
  afterEach(async () => {
    for (const r of running.splice(0)) r.child.kill('SIGKILL');
    removeContainers(...containers.splice(0));
    expect(fake.responseErrors).toEqual([]);
    await fake.stop();
  });

  const replica = (service: string, script: string): string => {
    const name = uniqueName(service);
    containers.push(name);
    docker('run', '-d', '--name', name, '--label', `com.docker.compose.service=${service}`, TEST_IMAGE, 'sh', '-c', script);
    return name;
  };
  const host = (id: string, container: string, prefix: string, extra: Record<string, string> = {}): MonitorProcess => {
    const m = startMonitor(['run'], {
      GITHUB_TOKEN: 'fake-push-token',
      GITHUB_REPO: 'safework/safework',
      GITHUB_API_URL: fake.url,
      MONITORING_INTERVAL: '1',
      REPORT_COMMENT_INTERVAL: '2',
      MONITOR_CONTAINERS: container,
      STATE_DIR: join(dir, id, 'data'),
      LOG_DIR: join(dir, id, 'logs'),
      MONITOR_HOST_ID: id,
      STATE_REDIS_URL: redis.url,
      STATE_REDIS_PREFIX: prefix,
      ...extra,
    });
    running.push(m);
    return m;
  };
  const byFingerprint = (): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const issue of fake.issues()) {
      const fp = parseMarker(issue.body)?.fingerprint ?? `?${issue.number}`;
      counts.set(fp, (counts.get(fp) ?? 0) + 1);
    }
    return counts;
  };
  const settle = async (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  /** `waitFor` for a check that asks Redis. */
  const until = async <T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await settle(100);
    }
  };

  it('three replicas of one service printing one outage, on three hosts: as many issues as one monitor files for one container', async () => {
    // One host, one container: the count to match.
    const alone = replica('safework-app', outage(5));
    const solo = host('solo', alone, `solo-${Date.now()}`);
    await waitFor('the lone monitor files', () => fake.issues().length > 0, 60_000);
    await settle(6_000);
    const single = fake.issues().length;
    solo.child.kill('SIGKILL');
    removeContainers(...containers.splice(0));
    await fake.stop();
    fake = new GitHubFake();
    await fake.start();

    const prefix = `three-${Date.now()}`;
    const names = ['host-a', 'host-b', 'host-c'].map((id) => {
      const name = replica('safework-app', outage(5));
      host(id, name, prefix);
      return name;
    });
    expect(names).toHaveLength(3);
    await waitFor('an issue', () => fake.issues().length > 0, 60_000);
    await settle(8_000);
    expect(fake.issues()).toHaveLength(single);
    expect([...byFingerprint().values()].every((n) => n === 1)).toBe(true);
    expect(fake.issues()[0]?.labels).toContain('type-redis_connection');
    // The issue names the hosts and containers that saw it (each host that took it added itself).
    const seenOn = /\| 발견한 호스트\/컨테이너 \| (.*) \|/.exec(fake.issues()[0]?.body ?? '')?.[1] ?? '';
    expect(seenOn.match(/`host-[abc]\/[^`]+`/g)).toHaveLength(3);
    // Every host's heartbeat is in Redis, for the health API's /api/cluster.
    const client = new Redis(redis.url);
    try {
      const hosts = await new RedisClusterHeartbeats({ redis: client, prefix }).hosts();
      expect(hosts.map((h) => [h.hostId, (h.status as { state?: string } | null)?.state])).toEqual([
        ['host-a', 'running'],
        ['host-b', 'running'],
        ['host-c', 'running'],
      ]);
    } finally {
      client.disconnect();
    }
  }, 180_000);

  it.each([
    ['the request still lands (GitHub finished it)', 'delay' as const],
    ['the request never lands', 'hang' as const],
  ])('kill -9 of the monitor holding a create lease mid-request, %s: the issue lands exactly once', async (_case, fault) => {
    const prefix = `kill-${Date.now()}`;
    const client = new Redis(redis.url);
    try {
      // The first create is held (answered 4 s late, or never), so its sender dies with it out.
      fake.faults.push({ kind: fault, ms: 4000, method: 'POST', pathIncludes: '/issues', count: 1 });
      const ids = ['host-a', 'host-b', 'host-c'];
      const monitors = new Map(ids.map((id) => [id, host(id, replica('safework-app', `sleep 5; ${appBug('leased')}; sleep 300`), prefix)]));
      // The holder records its attempt just before it sends; the fake holds the request 4 s.
      const attempt = await until('a create attempt', async () => (await client.keys(`${prefix}:attempt:*`))[0], 60_000);
      const holder = ((await client.get(attempt.replace(':attempt:', ':lease:'))) ?? '').split(' ')[1] ?? '';
      await settle(1_000);
      expect(ids).toContain(holder);
      monitors.get(holder)?.child.kill('SIGKILL');
      // The delayed request lands; the others wait out the lease and find it by its marker.
      await until('the issue published to the shared index', async () => (await client.keys(`${prefix}:issue:*`)).length > 0, 120_000);
      await settle(5_000);
      expect(fake.issues()).toHaveLength(1);
      // One create answered 201: the held one (delay) or a successor's after it (hang).
      expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues') && r.status === 201)).toHaveLength(1);
    } finally {
      client.disconnect();
    }
  }, 240_000);

  it.each([
    ['its comment still lands (GitHub finished it)', 'delay' as const],
    ['its comment never lands', 'hang' as const],
  ])('kill -9 of the monitor sending a digest from the shared outbox, %s: another host takes it over and it lands exactly once', async (_case, fault) => {
    const prefix = `comment-${Date.now()}`;
    const client = new Redis(redis.url);
    try {
      // The first comment is held (answered 4 s late, or never): its sender dies with it out.
      fake.faults.push({ kind: fault, ms: 4000, method: 'POST', pathIncludes: '/comments', count: 1 });
      const ids = ['host-a', 'host-b', 'host-c'];
      const bug = appBug('commented');
      const monitors = new Map(ids.map((id) => [id, host(id, replica('safework-app', `sleep 3; for i in $(seq 4); do ${bug}; sleep 1; done; sleep 300`), prefix)]));
      // The entry being sent is pending in the stream's group, held by its sender.
      const stream = `${prefix}:outbox`;
      const held = await until('a comment being sent', async () => {
        if ((await client.exists(stream)) === 0) return undefined;
        const [entry] = (await client.xpending(stream, 'senders', '-', '+', 1)) as Array<[string, string, number, number]>;
        return entry;
      }, 90_000);
      const [id, holder] = held;
      const [[, fields] = ['', []]] = (await client.xrange(stream, id, id)) as Array<[string, string[]]>;
      const key = (JSON.parse(fields[fields.indexOf('c') + 1] ?? '{}') as { key?: string }).key ?? '';
      expect(key).not.toBe('');
      expect(ids).toContain(holder);
      monitors.get(holder)?.child.kill('SIGKILL');
      // After 30 s idle, a live host claims it; it looks for the marker before sending.
      const marked = (): number => (fake.issues()[0]?.comments ?? []).filter((c) => c.body.includes(`<!-- safework-op: ${key} -->`)).length;
      await until('the held entry done', async () => ((await client.xpending(stream, 'senders', '-', '+', 10)) as unknown[]).every((e) => (e as [string])[0] !== id), 120_000);
      await settle(3_000);
      expect(marked()).toBe(1);
      expect(fake.issues()).toHaveLength(1);
    } finally {
      client.disconnect();
    }
  }, 240_000);

  it('the digests add up across hosts: one digest at a time tells every host\'s count', async () => {
    const prefix = `digest-${Date.now()}`;
    // Six occurrences per replica, a second apart: 18 in all, of one fingerprint.
    const bug = appBug('digest');
    for (const id of ['host-a', 'host-b', 'host-c']) host(id, replica('safework-app', `sleep 3; for i in $(seq 6); do ${bug}; sleep 1; done; sleep 300`), prefix);
    const digests = (): string[] => (fake.issues()[0]?.comments ?? []).map((c) => c.body).filter((b) => b.includes('재발 요약'));
    const total = (body: string | undefined): number => Number(/- 총 발생 횟수: (\d+)/.exec(body ?? '')?.[1]);
    await waitFor('a digest with all 18 occurrences', () => total(digests().at(-1)) === 18, 90_000);
    await settle(6_000);
    expect(fake.issues()).toHaveLength(1);
    const since = digests().map((b) => Number(/- 지난 요약 이후: \*\*(\d+)\*\*/.exec(b)?.[1]));
    // Every occurrence is told once, in one digest: none twice, none by two hosts.
    expect(since.reduce((a, b) => a + b, 0)).toBe(18);
    expect(digests().at(-1)).toMatch(/\| `host-a` \| \d+ \/ 6 \|/);
    expect(digests().at(-1)).toMatch(/\| `host-c` \| \d+ \/ 6 \|/);
    // One digest per REPORT_COMMENT_INTERVAL (2 s) at most, over all hosts.
    const times = (fake.issues()[0]?.comments ?? []).filter((c) => c.body.includes('재발 요약')).map((c) => Date.parse(c.created_at));
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(1_000);
    // Each host's count is in Redis for every health API's /metrics.
    const client = new Redis(redis.url);
    try {
      expect(await new RedisClusterHeartbeats({ redis: client, prefix }).eventsByHost()).toEqual(new Map([['host-a', 6], ['host-b', 6], ['host-c', 6]]));
    } finally {
      client.disconnect();
    }
  }, 180_000);

  it('a partition: a host that reaches GitHub but not Redis files no duplicate, and joins the issue when healed', async () => {
    const prefix = `partition-${Date.now()}`;
    const partition = new Partition(join(dir, 'cut.sock'), redis.url);
    await partition.heal();
    try {
      host('host-a', replica('safework-app', `sleep 8; ${appBug('partitioned')}; sleep 300`), prefix);
      const b = host('host-b', replica('safework-app', `sleep 8; ${appBug('partitioned')}; sleep 300`), prefix, { STATE_REDIS_URL: partition.socket, LOG_LEVEL: 'debug' });
      // Cut once host-b has reached Redis through the relay (a slow start must not make this a Redis never seen).
      await waitFor('host-b coordinating through Redis', () => b.output().includes('issues are coordinated with the other hosts'), 60_000);
      await settle(1_000);
      await partition.cut();
      await waitFor('host-a files', () => fake.issues().length === 1, 60_000);
      await settle(15_000);
      expect(fake.issues()).toHaveLength(1);
      await partition.heal();
      // host-b adopts the issue host-a filed, and adds itself to the places it was seen.
      try {
        await waitFor('host-b joins the issue', () => /`host-b\//.test(fake.issues()[0]?.body ?? ''), 90_000);
      } catch (error) {
        throw new Error(`${(error as Error).message}\nhost-b's last output:\n${b.output().split('\n').slice(-40).join('\n')}`);
      }
      await settle(3_000);
      expect(fake.issues()).toHaveLength(1);
      expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues'))).toHaveLength(1);
    } finally {
      await partition.cut();
    }
  }, 180_000);

  it('Redis restarted mid-run, then down for 60 s: no duplicate, nothing missing, everything lands after', async () => {
    const prefix = `down-${Date.now()}`;
    const names = ['host-a', 'host-b', 'host-c'].map((id) => {
      const name = replica('safework-app', `sleep 3; ${appBug('first')}; sleep 12; ${appBug('second')}; sleep 30; ${appBug('third')}; sleep 300`);
      host(id, name, prefix);
      return name;
    });
    expect(names).toHaveLength(3);
    await waitFor('the first bug filed', () => fake.issues().length === 1, 60_000);
    // A restart (a crash: the index is lost with it; the issue markers remain).
    await redis.stop();
    await redis.start();
    await waitFor('the second bug filed', () => fake.issues().length === 2, 60_000);
    // Down for 60 s, while the third bug is printed on every replica.
    await redis.stop();
    await settle(60_000);
    expect(fake.issues()).toHaveLength(2);
    await redis.start();
    await waitFor('the third bug filed once Redis is back', () => fake.issues().length === 3, 60_000);
    await settle(5_000);
    expect(fake.issues()).toHaveLength(3);
    expect([...byFingerprint().values()]).toEqual([1, 1, 1]);
  }, 300_000);
});
