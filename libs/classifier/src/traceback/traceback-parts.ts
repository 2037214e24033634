import { embedsTracebackStart, isChainMarker, isFrameLine, isIndented, isTracebackStart } from '../lines/record-start';
import type { LogRecord } from './log-record';

/** A stack frame as Python prints it. */
export interface Frame {
  readonly path: string;
  readonly func: string;
}

/** The parts of a record the classifier looks at. */
export interface RecordParts {
  /** Lines before the traceback (the logging record), joined by newlines. */
  readonly head: string;
  /** Text rules are matched against: head, exception and chain lines, no frames or source. */
  readonly significant: string;
  /** The whole traceback (from the first `Traceback` line), when there is one. */
  readonly traceback?: string;
  /** The last exception line ("module.Error: message"), when there is one. */
  readonly exception?: string;
  readonly frames: readonly Frame[];
}

const NO_FRAMES: readonly Frame[] = Object.freeze([]);
const FRAME = /^\s*(?:\| )?\s*File "([^"]+)", line \d+, in (\S+)/;
const GROUP_EXCEPTION = /^\s*\|\s?([A-Za-z_][\w.]*(?::.*)?)$/;
const EXCEPTION_LINE = /^[A-Za-z_][\w.]*(?::|$)/;

/** Splits a record into head, significant text, traceback, exception line and frames. */
export function recordParts(record: LogRecord): RecordParts {
  if (!record.hasTraceback) {
    // Most records are one line: no array to map and join.
    const joined = record.lines.length === 1 ? (record.lines[0]?.text ?? '') : record.lines.map((line) => line.text).join('\n');
    return { head: joined, significant: joined, frames: NO_FRAMES };
  }
  const texts = record.lines.map((line) => line.text);
  if (!isTracebackStart(texts[0] ?? '') && embedsTracebackStart(texts[0] ?? '')) {
    // "<time> ERROR: Traceback: Traceback (most recent call last):": the prefix is the head.
    const first = texts[0] ?? '';
    const at = first.lastIndexOf('Traceback (most recent call last):');
    texts.splice(0, 1, first.slice(0, at).trimEnd(), first.slice(at));
  }
  let start = texts.findIndex(isTracebackStart);
  const cut = start < 0;
  if (cut) start = Math.max(0, texts.findIndex(isFrameLine));
  const head = texts.slice(0, start).join('\n');
  const significant: string[] = texts.slice(0, start);
  // A traceback cut at its top reads as one to the rules.
  if (cut) significant.push('Traceback (most recent call last):');
  const frames: Frame[] = [];
  let exception: string | undefined;
  let groupException: string | undefined;
  for (const text of texts.slice(start)) {
    const frame = FRAME.exec(text);
    if (frame?.[1] !== undefined && frame[2] !== undefined) {
      frames.push({ path: frame[1], func: frame[2] });
      continue;
    }
    if (isTracebackStart(text)) {
      significant.push(text.trim());
      continue;
    }
    if (isIndented(text)) {
      const group = GROUP_EXCEPTION.exec(text);
      if (group?.[1] !== undefined && !group[1].startsWith('File ')) {
        significant.push(group[1]);
        groupException ??= group[1];
      }
      continue;
    }
    if (text.trim() === '' || isChainMarker(text)) continue;
    significant.push(text);
    if (EXCEPTION_LINE.test(text)) exception = text;
  }
  const traceback = texts.slice(start).join('\n');
  const finalException = exception ?? groupException;
  return {
    head,
    significant: significant.join('\n'),
    traceback,
    ...(finalException === undefined ? {} : { exception: finalException }),
    frames,
  };
}
