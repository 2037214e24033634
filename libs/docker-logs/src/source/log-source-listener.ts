import type { StreamName } from '../demux/frame-demuxer';
import type { DockerLogsError } from '../errors';

/** One log line of one container stream. */
export interface ContainerLogLine {
  /** Container name (without Docker's leading "/"): the identity users see. */
  readonly container: string;
  /** The service it belongs to (`serviceIdentity`): replicas share it. */
  readonly service: string;
  readonly stream: StreamName;
  /** Docker's RFC 3339 nano timestamp of the line. */
  readonly time: string;
  readonly text: string;
}

/** What the source tells its owner. Calls are synchronous and never overlap. */
export interface LogSourceListener {
  /** New lines of one container, in stream order; runs inside the checkpoint commit. */
  lines(container: string, lines: readonly ContainerLogLine[]): void;
  /** A container's log stream ended (it stopped): open records can be flushed. */
  streamEnded?(container: string): void;
  /**
   * How many of the last lines of each stream the listener still holds open (an unfinished
   * traceback): the saved checkpoint stops before them. Default: none.
   */
  held?(container: string): Partial<Record<StreamName, number>>;
  /**
   * A commit of this container's lines failed and was rolled back: every line past the saved
   * checkpoint (held ones too) will be delivered again, so drop what is held of it.
   */
  rolledBack?(container: string): void;
  /** A failure; the source keeps going or retrying. */
  error(error: DockerLogsError): void;
  /** The engine connection went up or down. */
  connection?(up: boolean): void;
}
