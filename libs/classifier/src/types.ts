/** Event types read from log lines. */
export const LOG_EVENT_TYPES = ['database_connection', 'redis_connection', 'application_error', 'survey_system', 'authentication'] as const;

/** Event types of a container's life (from the engine's events and samples, not its lines). */
export const CONTAINER_EVENT_TYPES = ['container_crash_loop', 'container_oom', 'container_unhealthy', 'container_down'] as const;
export type ContainerEventType = (typeof CONTAINER_EVENT_TYPES)[number];

/** Every event type: the one list the rules, the incidents and the issue texts are checked against. */
export const ERROR_TYPES = [...LOG_EVENT_TYPES, ...CONTAINER_EVENT_TYPES] as const;
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
