import type Dockerode from 'dockerode';
import type { CheckpointStore } from '../checkpoint/checkpoint-store';
import type { EngineEvents } from '../events/engine-events';
import type { ContainerSelector } from './container-selector';
import type { LogSourceListener } from './log-source-listener';

export interface DockerLogSourceOptions {
  readonly docker: Dockerode;
  readonly listener: LogSourceListener;
  readonly checkpoints: CheckpointStore;
  readonly select?: ContainerSelector;
  /** The process's one `/events` subscription; without it the source opens and owns its own. */
  readonly events?: EngineEvents;
  /** Cap of the reconnect back-off; default 5 s. */
  readonly maxBackoffMs?: number;
  /**
   * When the owner last followed the logs (its last heartbeat, RFC 3339). A stopped container
   * without a checkpoint that started or finished after it ran while nobody followed it: its
   * logs are read once, up to `catchUpMaxLines`. Unset (a first start): such containers are
   * history, not news, and are left alone.
   */
  readonly resumeAfter?: string;
  /** Most lines read from a container that ran while nobody followed it; default 100 000. */
  readonly catchUpMaxLines?: number;
  /** Wall clock, for when a lost engine connection was last up; default `Date.now`. */
  readonly now?: () => number;
}
