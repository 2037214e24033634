/** Error types the classifier assigns; the first five come from log lines, the rest from container events. */
export const ERROR_TYPES = [
  'database_connection',
  'redis_connection',
  'application_error',
  'survey_system',
  'authentication',
  'container_crash_loop',
  'container_oom',
  'container_unhealthy',
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

/** One line of a container's output, after the Docker timestamp and ANSI codes are stripped. */
export interface LogLine {
  /** Line text without the trailing newline. */
  readonly text: string;
  /** Event time (RFC 3339, from Docker's `timestamps=true` prefix) when known. */
  readonly time?: string;
  /** 0-based index of the line in its source (stream or file). */
  readonly index: number;
}

/** Request details pulled from Flask / werkzeug / gunicorn lines. */
export interface RequestInfo {
  readonly method?: string;
  readonly url?: string;
  readonly clientIp?: string;
  readonly status?: number;
}

/** User details where the log line carries them. */
export interface UserInfo {
  readonly id?: string;
  readonly name?: string;
}
