import type Dockerode from 'dockerode';
import { toSnapshot } from './container-snapshot';

const inspect = (state: Partial<Dockerode.ContainerInspectInfo['State']>): Dockerode.ContainerInspectInfo =>
  ({
    Id: 'abc',
    Name: '/safework-app',
    Config: { Image: 'safework/app', Labels: {} },
    State: { Status: 'running', Running: true, Restarting: false, OOMKilled: false, ExitCode: 0, StartedAt: 's', FinishedAt: 'f', Health: { Status: 'healthy' }, ...state },
    RestartCount: 2,
    HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 5 }, Memory: 1 << 30, NanoCpus: 1e9 },
  }) as unknown as Dockerode.ContainerInspectInfo;

describe('toSnapshot', () => {
  it('maps a running container', () => {
    expect(toSnapshot(inspect({}))).toMatchObject({ name: 'safework-app', running: true, health: 'healthy', restartCount: 2, restartPolicy: 'on-failure', restartPolicyMaxRetries: 5, memoryLimit: 1 << 30, cpuLimit: 1 });
  });

  it('does not call a container waiting for its restart running (Docker says Running: true)', () => {
    const s = toSnapshot(inspect({ Status: 'restarting', Running: true, Restarting: true, ExitCode: 3, Health: { Status: 'unhealthy' } as never }));
    expect(s).toMatchObject({ state: 'restarting', running: false, health: 'unhealthy', exitCode: 3 });
  });
});
