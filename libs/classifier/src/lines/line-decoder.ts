/** Longest line text kept; longer lines are cut and flagged (Docker itself splits at 16 KiB). */
export const MAX_LINE_CHARS = 64 * 1024;

// Docker's `timestamps=true` prefix: RFC 3339 with up to nanosecond precision, then one space.
const DOCKER_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) /;
// CSI sequences (colours, cursor moves), OSC sequences and two-byte escapes.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** A decoded line: its text, Docker's time if it had one, and whether it was cut. */
export interface DecodedLine {
  readonly text: string;
  readonly time?: string;
  readonly truncated: boolean;
}

/** Removes ANSI escape sequences. */
export function stripAnsi(text: string): string {
  return text.includes('\x1b') ? text.replace(ANSI, '') : text;
}

/** A line's text made ready to classify: trailing CR and ANSI codes gone, length capped. */
export function cleanText(raw: string): { text: string; truncated: boolean } {
  let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  text = stripAnsi(text);
  const truncated = text.length > MAX_LINE_CHARS;
  return { text: truncated ? text.slice(0, MAX_LINE_CHARS) : text, truncated };
}

/**
 * Turns one raw line (already decoded from UTF-8, invalid bytes replaced) into text: splits off
 * Docker's timestamp, strips ANSI codes and a trailing CR, caps the length. Never throws.
 */
export function decodeLine(raw: string): DecodedLine {
  let text = raw;
  let time: string | undefined;
  if (text.length > 30 && text.charCodeAt(4) === 45 /* - */ && text.charCodeAt(10) === 84 /* T */) {
    const match = DOCKER_TIMESTAMP.exec(text);
    if (match?.[1] !== undefined) {
      time = match[1];
      text = text.slice(match[0].length);
    }
  }
  const clean = cleanText(text);
  return time === undefined ? clean : { text: clean.text, time, truncated: clean.truncated };
}
