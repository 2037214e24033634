import { InMemoryCheckpointStore } from '../src';
import { Collector } from './support/collector';
import { TEST_IMAGE, docker, ensureTestImage, removeContainers, uniqueName, waitFor } from './support/docker-cli';

// Against the real Docker Engine (`.ci/run` installs and starts it).
describe('DockerLogSource against a real engine', () => {
  const created: string[] = [];
  let collector: Collector | undefined;
  beforeAll(() => ensureTestImage());
  afterEach(async () => {
    await collector?.stop();
    collector = undefined;
    removeContainers(...created.splice(0));
  });

  async function follow(...names: string[]): Promise<Collector> {
    collector = await new Collector(names).start();
    return collector;
  }

  describe('containers that stopped while nobody followed them', () => {
    async function stoppedContainer(script: string): Promise<string> {
      const name = uniqueName('stopped');
      created.push(name);
      docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', script);
      await waitFor('exited', () => docker('inspect', '-f', '{{.State.Running}}', name).trim() === 'false');
      return name;
    }

    it('reads one that ran after the last sign of life, keeping the last catchUpMaxLines lines and saying so', async () => {
      const before = new Date(Date.now() - 60_000).toISOString();
      const name = await stoppedContainer('seq 1 50; exit 3');
      collector = await new Collector([name], 1000, { resumeAfter: before, catchUpMaxLines: 20 }).start();
      const c = collector;
      await waitFor('stream end', () => c.ended.includes(name));
      expect(c.linesOf(name)).toEqual(Array.from({ length: 20 }, (_, i) => String(31 + i)));
      expect(c.errors.map((e) => [e.code, e.container])).toEqual([['DLG_ERR_CATCH_UP_CUT', name]]);
    });

    it('reads all of one under the bound, and says nothing', async () => {
      const before = new Date(Date.now() - 60_000).toISOString();
      const name = await stoppedContainer('seq 1 20; exit 3');
      collector = await new Collector([name], 1000, { resumeAfter: before, catchUpMaxLines: 20 }).start();
      const c = collector;
      await waitFor('stream end', () => c.ended.includes(name));
      expect(c.linesOf(name)).toHaveLength(20);
      expect(c.errors).toEqual([]);
    });

    it('leaves one that ended before the last sign of life, or on a first start, alone', async () => {
      const name = await stoppedContainer('echo old news');
      const after = new Date(Date.now() + 1000).toISOString();
      for (const options of [{ resumeAfter: after }, {}]) {
        const c = await new Collector([name], 1000, options).start();
        await new Promise((r) => setTimeout(r, 1500));
        await c.stop();
        expect([c.lines.length, c.ended, c.errors]).toEqual([0, [], []]);
      }
    });

    it('reads one with a checkpoint from the checkpoint to its end', async () => {
      const name = uniqueName('resumed');
      created.push(name);
      const checkpoints = new InMemoryCheckpointStore();
      docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', 'seq 1 5; sleep 2; seq 6 9');
      const first = await new Collector([name], 1000, { checkpoints }).start();
      await waitFor('first lines', () => first.linesOf(name).length === 5);
      await first.stop();
      await waitFor('exited', () => docker('inspect', '-f', '{{.State.Running}}', name).trim() === 'false');
      collector = await new Collector([name], 1000, { checkpoints }).start();
      const c = collector;
      await waitFor('stream end', () => c.ended.includes(name));
      expect(c.linesOf(name)).toEqual(['6', '7', '8', '9']);
    });

    it('names a removed container that had a checkpoint once, and drops its checkpoint', async () => {
      const checkpoints = new InMemoryCheckpointStore();
      checkpoints.commit('sw-it-long-gone', () => ({ stdout: { time: '2026-11-27T10:00:00.123456789Z', boundary: ['bye'] } }));
      collector = await new Collector(['sw-it-long-gone'], 1000, { checkpoints }).start();
      const c = collector;
      await waitFor('the notice', () => c.errors.length > 0);
      expect(c.errors.map((e) => [e.code, e.container, e.message])).toEqual([
        ['DLG_ERR_GONE', 'sw-it-long-gone', 'sw-it-long-gone was removed before its last lines could be read; the last line read was written at 2026-11-27T10:00:00.123456789Z'],
      ]);
      expect(checkpoints.checkpointed()).toEqual([]);
    });
  });

  it('returns multi-line Korean UTF-8 byte-exact, stdout and stderr kept apart', async () => {
    const name = uniqueName('utf8');
    created.push(name);
    const c = await follow(name);
    docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', "printf '설문 제출 실패\\n두 번째 줄 ✓\\n'; printf '오류: 데이터베이스\\n' >&2; sleep 1");
    await waitFor('stream end', () => c.ended.includes(name));
    expect(c.linesOf(name, 'stdout')).toEqual(['설문 제출 실패', '두 번째 줄 ✓']);
    expect(c.linesOf(name, 'stderr')).toEqual(['오류: 데이터베이스']);
    expect(c.errors).toEqual([]);
  });

  it('delivers a 100 000-line burst complete and in order', async () => {
    const name = uniqueName('burst');
    created.push(name);
    const c = await follow(name);
    docker('run', '-d', '--name', name, TEST_IMAGE, 'seq', '1', '100000');
    await waitFor('stream end', () => c.ended.includes(name), 120_000);
    const lines = c.linesOf(name);
    expect(lines).toHaveLength(100_000);
    expect(lines.every((l, i) => l === String(i + 1))).toBe(true);
  });

  it('joins a line longer than Docker\'s 16 KiB split', async () => {
    const name = uniqueName('long');
    created.push(name);
    const c = await follow(name);
    docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', 'head -c 40000 /dev/zero | tr "\\0" x; echo; echo after');
    await waitFor('stream end', () => c.ended.includes(name));
    const lines = c.linesOf(name);
    expect(lines.map((l) => l.length)).toEqual([40_000, 5]);
    expect(lines[0]).toBe('x'.repeat(40_000));
  });

  it('reads a TTY container without demultiplexing', async () => {
    const name = uniqueName('tty');
    created.push(name);
    const c = await follow(name);
    docker('run', '-d', '-t', '--name', name, TEST_IMAGE, 'sh', '-c', 'echo one; echo two >&2; sleep 1');
    await waitFor('stream end', () => c.ended.includes(name));
    expect(c.linesOf(name).map((l) => l.replace(/\r$/, ''))).toEqual(['one', 'two']);
  });

  it('picks up a container that starts after it, and resumes after a restart without repeats', async () => {
    const name = uniqueName('restart');
    created.push(name);
    const c = await follow(name);
    docker('run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', 'echo run; sleep 1');
    await waitFor('first run', () => c.ended.includes(name));
    docker('start', name);
    await waitFor('second run', () => c.ended.filter((n) => n === name).length >= 2, 30_000);
    expect(c.linesOf(name)).toEqual(['run', 'run']);
  });
});

describe('ContainerStateWatcher against a real engine', () => {
  const created: string[] = [];
  let collector: Collector | undefined;
  beforeAll(() => ensureTestImage());
  afterEach(async () => {
    await collector?.stop();
    collector = undefined;
    removeContainers(...created.splice(0));
  });

  it('shows the restarts of a crash-looping container (on-failure:3)', async () => {
    const name = uniqueName('crash');
    created.push(name);
    collector = await new Collector([name]).start();
    const c = collector;
    docker('run', '-d', '--name', name, '--restart', 'on-failure:3', TEST_IMAGE, 'sh', '-c', 'echo boom; exit 3');
    await waitFor('4 deaths', () => c.events.filter((e) => e.action === 'die').length >= 4, 60_000);
    const deaths = c.events.filter((e) => e.action === 'die');
    expect(deaths.every((e) => e.exitCode === 3)).toBe(true);
    // Restart-policy restarts emit die then start, never `restart`.
    expect(c.events.filter((e) => e.action === 'start').length).toBeGreaterThanOrEqual(3);
    const samples = await c.watcher.sampleNow();
    expect(samples.find((x) => x.snapshot.name === name)?.snapshot).toMatchObject({ restartCount: 3, restartPolicy: 'on-failure', restartPolicyMaxRetries: 3, running: false, exitCode: 3 });
  });

  it('shows an OOM kill (event and inspect)', async () => {
    const name = uniqueName('oom');
    created.push(name);
    collector = await new Collector([name]).start();
    const c = collector;
    docker('run', '-d', '--name', name, '--memory', '32m', '--memory-swap', '32m', TEST_IMAGE, 'dd', 'if=/dev/zero', 'of=/dev/null', 'bs=128M', 'count=1');
    await waitFor('die', () => c.events.find((e) => e.container === name && e.action === 'die'), 30_000);
    expect(c.events.some((e) => e.container === name && e.action === 'oom')).toBe(true);
    expect(c.events.find((e) => e.action === 'die')?.exitCode).toBe(137);
    const samples = await c.watcher.sampleNow();
    expect(samples.find((s) => s.snapshot.name === name)?.snapshot).toMatchObject({ oomKilled: true, memoryLimit: 32 * 1024 * 1024 });
  });

  it('shows a failing health check as unhealthy', async () => {
    const name = uniqueName('unhealthy');
    created.push(name);
    collector = await new Collector([name]).start();
    const c = collector;
    docker('run', '-d', '--name', name, '--health-cmd', 'false', '--health-interval', '1s', '--health-retries', '1', TEST_IMAGE, 'sleep', '60');
    const event = await waitFor('unhealthy', () => c.events.find((e) => e.container === name && e.action === 'health_status'), 30_000);
    expect(event.health).toBe('unhealthy');
    const samples = await c.watcher.sampleNow();
    expect(samples.find((s) => s.snapshot.name === name)?.snapshot.health).toBe('unhealthy');
  });

  it('samples memory and CPU against the limits', async () => {
    const name = uniqueName('stats');
    created.push(name);
    collector = await new Collector([name], 60_000).start();
    docker('run', '-d', '--name', name, '--memory', '64m', '--cpus', '0.5', TEST_IMAGE, 'sh', '-c', 'yes > /dev/null');
    const first = await collector.watcher.sampleNow();
    await new Promise((r) => setTimeout(r, 1500));
    const second = (await collector.watcher.sampleNow()).find((s) => s.snapshot.name === name);
    expect(first.find((s) => s.snapshot.name === name)?.usage?.cpuPercent).toBeUndefined();
    expect(second?.snapshot).toMatchObject({ memoryLimit: 64 * 1024 * 1024, cpuLimit: 0.5, health: 'none' });
    expect(second?.usage?.memoryLimitBytes).toBe(64 * 1024 * 1024);
    expect(second?.usage?.memoryUsageBytes).toBeGreaterThan(0);
    // `yes` spins; --cpus 0.5 caps it near 50 %.
    expect(second?.usage?.cpuPercent).toBeGreaterThan(20);
    expect(second?.usage?.cpuPercent).toBeLessThan(80);
  });

  it('carries each line\'s service: the Compose service of a replica, the name of a container on its own', async () => {
    const replica = uniqueName('replica');
    const alone = uniqueName('alone');
    created.push(replica, alone);
    collector = await new Collector([replica, alone]).start();
    docker('run', '-d', '--name', replica, '--label', 'com.docker.compose.service=safework-app', '--label', 'com.docker.compose.project=safework', TEST_IMAGE, 'sh', '-c', 'echo from-a-replica; sleep 30');
    docker('run', '-d', '--name', alone, TEST_IMAGE, 'sh', '-c', 'echo on-its-own; sleep 30');
    const c = collector;
    await waitFor('both lines', () => c.lines.length >= 2, 30_000);
    expect(c.lines.map((l) => [l.container, l.service, l.text]).sort()).toEqual([[alone, alone, 'on-its-own'], [replica, 'safework-app', 'from-a-replica']].sort());
  });
});
