import type Dockerode from 'dockerode';
import { containerName } from '../source/container-selector';

/** Health as Docker reports it; `none` when the container has no health check. */
export type HealthStatus = 'healthy' | 'unhealthy' | 'starting' | 'none';

/** What operators want to know of one container, read from `inspect`. */
export interface ContainerSnapshot {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  /** The image's id (`sha256:…`): a rebuild under the same tag is another image. */
  readonly imageId?: string;
  readonly state: string;
  readonly running: boolean;
  readonly health: HealthStatus;
  readonly restartCount: number;
  readonly oomKilled: boolean;
  readonly exitCode: number;
  /** `no`, `always`, `unless-stopped`, `on-failure` (this engine reports "" for no). */
  readonly restartPolicy: string;
  readonly restartPolicyMaxRetries: number;
  /** Memory limit in bytes; 0 when unlimited. */
  readonly memoryLimit: number;
  /** CPU limit in CPUs (NanoCpus / 1e9); 0 when unlimited. */
  readonly cpuLimit: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The names other containers reach it by on its networks (Compose adds the service name). */
  readonly aliases?: readonly string[];
}

/** Maps Docker's inspect document to a snapshot. */
export function toSnapshot(info: Dockerode.ContainerInspectInfo): ContainerSnapshot {
  const health = info.State.Health?.Status;
  return {
    id: info.Id,
    name: containerName(info.Name),
    image: info.Config.Image,
    imageId: info.Image,
    state: info.State.Status,
    // Docker keeps `Running` true while a dead container waits for its restart (Status
    // "restarting") and marks its health unhealthy at the death: seen on the real stack, where
    // that read as an unhealthy running app in the middle of a crash loop.
    running: info.State.Running && !info.State.Restarting,
    health: health === 'healthy' || health === 'unhealthy' || health === 'starting' ? health : 'none',
    restartCount: info.RestartCount,
    oomKilled: info.State.OOMKilled,
    exitCode: info.State.ExitCode,
    restartPolicy: info.HostConfig.RestartPolicy?.Name || 'no',
    restartPolicyMaxRetries: info.HostConfig.RestartPolicy?.MaximumRetryCount ?? 0,
    memoryLimit: info.HostConfig.Memory ?? 0,
    cpuLimit: (info.HostConfig.NanoCpus ?? 0) / 1e9,
    startedAt: info.State.StartedAt,
    finishedAt: info.State.FinishedAt,
    labels: info.Config.Labels ?? {},
    aliases: [...new Set(Object.values(info.NetworkSettings?.Networks ?? {}).flatMap((n) => (n as { Aliases?: string[] | null }).Aliases ?? []))],
  };
}
