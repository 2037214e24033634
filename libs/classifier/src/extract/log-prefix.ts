// Timestamps, pids and levels that loggers put before the message. Stripped for messages and
// fingerprints: they vary per occurrence or say nothing about the cause.
const PREFIX =
  /^(?:\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?: ?(?:Z|[+-]\d{2}:?\d{2}|UTC))?\]?[ \t]+)?(?:\d+ )?(?:\[\d+\][ \t]+)?(?:\[(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL|Note|Warning|ERROR)\][ \t]+)?(?:(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)(?::[\w.]*:| in [\w.]+:|:| -)[ \t]*)?/;

/** The message part of a log line, without timestamp, pid and level. */
export function stripLogPrefix(text: string): string {
  const stripped = text.replace(PREFIX, '');
  return stripped.length > 0 ? stripped : text;
}

const LEADING_TIME = /^\[?(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?: ?(?:Z|[+-]\d{2}:?\d{2}))?)/;

/** The timestamp a logger wrote at the start of the line, if any (as written). */
export function leadingTime(text: string): string | undefined {
  return LEADING_TIME.exec(text)?.[1];
}
