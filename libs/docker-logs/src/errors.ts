/** Stable codes of the errors docker-logs raises or reports; callers match on `code`. */
export const DOCKER_LOGS_ERROR_CODES = {
  DLG_ERR_UNREACHABLE: 'The Docker Engine could not be reached at the configured endpoint.',
  DLG_ERR_STREAM: 'A log or event stream failed or ended unexpectedly.',
  DLG_ERR_FRAME: 'A log stream carried a frame header with an unknown stream type.',
  DLG_ERR_EVENT: 'The /events stream carried something that is not a JSON event.',
  DLG_ERR_CHECKPOINT: 'A checkpoint could not be loaded, committed or deleted.',
  DLG_ERR_INSPECT: 'A container could not be inspected or sampled.',
  DLG_ERR_GONE: 'A container with unread lines was removed before they could be read.',
  DLG_ERR_CATCH_UP_CUT: 'A container that ran while nobody followed it wrote more lines than the catch-up bound: only the last ones were read.',
} as const;
export type DockerLogsErrorCode = keyof typeof DOCKER_LOGS_ERROR_CODES;

/** The only error type docker-logs raises or reports. */
export class DockerLogsError extends Error {
  override readonly name = 'DockerLogsError';
  readonly code: DockerLogsErrorCode;
  /** The container it concerns, where there is one. */
  readonly container: string | undefined;
  constructor(code: DockerLogsErrorCode, message: string, options: { cause?: unknown; container?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.container = options.container;
  }
}
