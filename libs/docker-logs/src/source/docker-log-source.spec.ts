import { InMemoryCheckpointStore, type Checkpoint, type CheckpointStore } from '../checkpoint/checkpoint-store';
import type { DockerLogsError } from '../errors';
import { ContainerStateWatcher } from '../state/container-state-watcher';
import { FakeDocker, frame } from '../testing/fake-docker';
import { DockerLogSource } from './docker-log-source';
import type { ContainerLogLine } from './log-source-listener';

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

function source(docker: FakeDocker, checkpoints: CheckpointStore = new InMemoryCheckpointStore()) {
  const errors: DockerLogsError[] = [];
  const lines: ContainerLogLine[] = [];
  const connection: boolean[] = [];
  const s = new DockerLogSource({
    docker: docker.asDockerode(),
    checkpoints,
    maxBackoffMs: 10_000,
    listener: { lines: (_c, l) => void lines.push(...l), error: (e) => void errors.push(e), connection: (up) => void connection.push(up) },
  });
  return { s, errors, lines, connection, codes: () => errors.map((e) => e.code) };
}

describe('DockerLogSource error paths (a fake engine; the real one is in integration/)', () => {
  it('reports DLG_ERR_UNREACHABLE when the engine cannot be reached, and keeps retrying', async () => {
    const docker = new FakeDocker();
    docker.unreachable = true;
    const { s, codes, connection } = source(docker);
    await s.start();
    expect(codes()).toEqual(['DLG_ERR_UNREACHABLE']);
    expect(connection).toEqual([]);
    await s.stop();
  });

  it('reports DLG_ERR_EVENT for an unreadable event and goes on', async () => {
    const docker = new FakeDocker();
    const { s, codes } = source(docker);
    await s.start();
    docker.events?.write('this is not JSON\n');
    await tick();
    expect(codes()).toEqual(['DLG_ERR_EVENT']);
    await s.stop();
  });

  it('reports DLG_ERR_STREAM when the event stream ends, and says the connection is down', async () => {
    const docker = new FakeDocker();
    const { s, codes, connection } = source(docker);
    await s.start();
    docker.events?.end();
    await tick();
    expect(codes()).toEqual(['DLG_ERR_STREAM']);
    expect(connection).toEqual([true, false]);
    await s.stop();
  });

  it('reports DLG_ERR_CHECKPOINT when a commit fails, and hands the lines over again on the retry', async () => {
    const docker = new FakeDocker();
    docker.add({ id: 'c1', name: 'app', running: true, lines: [['stdout', '2024-05-02T10:00:01.000000001Z', 'one']] });
    let failing = true;
    const store = new InMemoryCheckpointStore();
    const flaky: CheckpointStore = {
      load: (container) => store.load(container),
      commit: (container: string, work: () => Checkpoint): void => {
        if (failing) throw new Error('disk full');
        store.commit(container, work);
      },
      delete: (container) => store.delete(container),
      checkpointed: () => store.checkpointed(),
    };
    const { s, codes } = source(docker, flaky);
    await s.start();
    await tick();
    expect(codes()).toContain('DLG_ERR_CHECKPOINT');
    await s.stop();
    failing = false;
    const again = source(docker, flaky);
    await again.s.start();
    await tick();
    expect(again.lines.map((l) => l.text)).toEqual(['one']);
    await again.s.stop();
  });

  it('reports DLG_ERR_FRAME for a frame of an unknown stream', async () => {
    const docker = new FakeDocker();
    docker.add({ id: 'c1', name: 'app', running: true });
    const { s, codes } = source(docker);
    await s.start();
    const bad = frame('stdout', '2024-05-02T10:00:01Z', 'x');
    bad[0] = 9;
    docker.follows.get('c1')?.write(bad);
    await tick();
    expect(codes()).toContain('DLG_ERR_FRAME');
    await s.stop();
  });
});

describe('ContainerStateWatcher error paths', () => {
  it('reports DLG_ERR_INSPECT for a container it cannot inspect, but not for one just removed', async () => {
    const docker = new FakeDocker();
    docker.add({ id: 'c1', name: 'app', running: true, inspectFails: 500 });
    docker.add({ id: 'c2', name: 'gone', running: true, inspectFails: 404 });
    const errors: DockerLogsError[] = [];
    const watcher = new ContainerStateWatcher({ docker: docker.asDockerode(), intervalMs: 60_000, listener: { event: () => undefined, sample: () => undefined, error: (e) => void errors.push(e) } });
    await watcher.start();
    await watcher.sampleNow();
    expect(errors.map((e) => [e.code, e.message])).toEqual([['DLG_ERR_INSPECT', 'cannot sample app']]);
    await watcher.stop();
  });
});
