export { DOCKER_LOGS_ERROR_CODES, DockerLogsError, type DockerLogsErrorCode } from './errors';
export { FrameDemuxer, type StreamChunk, type StreamName } from './demux/frame-demuxer';
export { LineSplitter, MAX_LINE_BYTES } from './demux/line-splitter';
export { compareTimes, splitTimestamp, toSince } from './time/docker-time';
export { InMemoryCheckpointStore, lastReadAt, type Checkpoint, type CheckpointStore } from './checkpoint/checkpoint-store';
export { CursorFilter } from './checkpoint/cursor-filter';
export { containerName, createSelector, type ContainerSelector, type SelectionOptions } from './source/container-selector';
export { podOwner, serviceIdentity } from './source/service-identity';
export { DockerLogSource, type DockerLogSourceOptions } from './source/docker-log-source';
export type { ContainerLogLine, LogSourceListener } from './source/log-source-listener';
export { EngineEvents, CONTAINER_ACTIONS, type EngineEvent, type EngineEventsOptions, type EngineEventsSubscriber } from './events/engine-events';
export { backoffDelay } from './events/backoff';
export { toSnapshot, type ContainerSnapshot, type HealthStatus } from './state/container-snapshot';
export { resourceUsage, type RawStats, type ResourceUsage } from './state/resource-usage';
export {
  ContainerStateWatcher,
  type ContainerAction,
  type ContainerEvent,
  type ContainerSample,
  type ContainerStateWatcherOptions,
  type StateListener,
} from './state/container-state-watcher';
