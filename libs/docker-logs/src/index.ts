export { DOCKER_LOGS_ERROR_CODES, DockerLogsError, type DockerLogsErrorCode } from './errors';
export { FrameDemuxer, type StreamChunk, type StreamName } from './demux/frame-demuxer';
export { LineSplitter, MAX_LINE_BYTES } from './demux/line-splitter';
export { compareTimes, splitTimestamp, toSince } from './time/docker-time';
export { InMemoryCheckpointStore, lastReadAt, type Checkpoint, type CheckpointStore } from './checkpoint/checkpoint-store';
export { CursorFilter } from './checkpoint/cursor-filter';
export { containerName, createSelector, type ContainerSelector, type SelectionOptions } from './source/container-selector';
export {
  DockerLogSource,
  type ContainerLogLine,
  type DockerLogSourceOptions,
  type LogSourceListener,
} from './source/docker-log-source';
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
