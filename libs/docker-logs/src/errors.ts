/** Stable codes of the errors docker-logs raises or reports; callers match on `code`. */
export const DOCKER_LOGS_ERROR_CODES = {
  DLG_ERR_UNREACHABLE: 'The Docker Engine could not be reached at the configured endpoint.',
  DLG_ERR_STREAM: 'A log or event stream failed or ended unexpectedly.',
  DLG_ERR_FRAME: 'A log stream carried a frame header with an unknown stream type.',
  DLG_ERR_EVENT: 'The /events stream carried something that is not a JSON event.',
  DLG_ERR_CHECKPOINT: 'A checkpoint could not be loaded, committed or deleted.',
  DLG_ERR_INSPECT: 'A container could not be inspected or sampled.',
} as const;
export type DockerLogsErrorCode = keyof typeof DOCKER_LOGS_ERROR_CODES;

/** The only error type docker-logs raises or reports. */
export class DockerLogsError extends Error {
  override readonly name = 'DockerLogsError';
  readonly code: DockerLogsErrorCode;
  constructor(code: DockerLogsErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
