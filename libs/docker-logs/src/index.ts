export { DOCKER_LOGS_ERROR_CODES, DockerLogsError, type DockerLogsErrorCode } from './errors';
export { FrameDemuxer, type StreamChunk, type StreamName } from './demux/frame-demuxer';
export { LineSplitter, MAX_LINE_BYTES } from './demux/line-splitter';
export {
  DockerLogSource,
  compareTimes,
  toSince,
  type ContainerLogLine,
  type DockerLogSourceOptions,
  type LogSourceListener,
} from './source/docker-log-source';
