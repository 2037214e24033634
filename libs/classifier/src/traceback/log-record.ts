import type { LogLine } from '../types';

/** One log record: a line, a line with its continuations, or a whole traceback. */
export interface LogRecord {
  readonly lines: readonly LogLine[];
  /** True when the record holds a Python traceback. */
  readonly hasTraceback: boolean;
}
