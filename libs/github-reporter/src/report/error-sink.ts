import type { ReporterError } from '../errors';

/** Counts the reporter's failures by code, keeps the last message, and passes each on. */
export class ErrorSink {
  /** Errors by code. */
  readonly counts: Record<string, number> = {};
  last: string | undefined;
  readonly #onError: ((error: ReporterError) => void) | undefined;

  constructor(onError?: (error: ReporterError) => void) {
    this.#onError = onError;
  }

  report(error: ReporterError): void {
    this.counts[error.code] = (this.counts[error.code] ?? 0) + 1;
    this.last = error.message;
    this.#onError?.(error);
  }
}
