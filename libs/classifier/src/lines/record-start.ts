/*
 * What a new log record looks like at the start of a line. A line that does not look like one
 * (an indented frame, SQLAlchemy's "(Background on this error at: …)") continues the record
 * before it; that is how multi-line messages and tracebacks are held together.
 */
const RECORD_START = new RegExp(
  [
    '^\\[?\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}', // ISO date: Python logging, MySQL, gunicorn
    '^\\[?\\d{2}/\\w{3}/\\d{4}[: ]\\d{2}:\\d{2}', // werkzeug / Apache [01/Jan/2024:...]
    '^\\d+:[XCSM] \\d{1,2} \\w{3} \\d{4}', // Redis "1:M 01 Jan 2024 ..."
    '^\\d{6} {1,2}\\d{1,2}:\\d{2}:\\d{2}', // old MySQL "240101 12:00:00"
    '^\\w{3} [ \\d]\\d \\d{2}:\\d{2}:\\d{2}', // syslog
    '^\\[?(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL|NOTICE)[\\]:\\s]', // level first
    '^\\d{1,3}(?:\\.\\d{1,3}){3} ', // access log: client IP first
    '^[IWEF]\\d{4} \\d{2}:\\d{2}', // glog
    '^\\w{3} \\w{3} [ \\d]\\d \\d{2}:\\d{2}:\\d{2} \\d{4} ', // uWSGI "Fri Nov 27 10:00:25 2026 - …"
    '^\\*\\*\\* |^DAMN ! |^!!! ', // uWSGI's banners: "*** HARAKIRI ON WORKER 2 …", "DAMN ! worker 2 … died"
  ].join('|'),
);

/** True when the line starts a new log record. */
export function isRecordStart(text: string): boolean {
  return RECORD_START.test(text);
}

const TRACEBACK_START = /^\s*(?:\+ )?(?:Exception Group )?Traceback \(most recent call last\):\s*$/;
/** A Python traceback header, plain or exception-group. */
export function isTracebackStart(text: string): boolean {
  return TRACEBACK_START.test(text);
}

// SafeWork's ErrorMonitor logs a traceback as its own record: "<time> ERROR: Traceback: Traceback
// (most recent call last):" — the header ends a line that starts a record.
const EMBEDDED_TRACEBACK_START = /\bTraceback \(most recent call last\):\s*$/;
/** A record's first line that ends with a traceback header after its logging prefix. */
export function embedsTracebackStart(text: string): boolean {
  return EMBEDDED_TRACEBACK_START.test(text) && !TRACEBACK_START.test(text) && isRecordStart(text);
}

const FRAME_LINE = /^\s+File "[^"]+", line \d+, in /;
/** A traceback frame line ("  File "/app/x.py", line 3, in f"): one without a header before it starts a cut traceback. */
export function isFrameLine(text: string): boolean {
  return FRAME_LINE.test(text);
}

const CHAIN_MARKER =
  /^(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;
/** The line Python prints between chained exceptions. */
export function isChainMarker(text: string): boolean {
  return CHAIN_MARKER.test(text);
}

/** Indented lines: frames, source lines, carets, exception-group bars. */
export function isIndented(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 32 || c === 9;
}
