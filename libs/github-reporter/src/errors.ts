/** Stable codes of the reporter's errors. */
export const REPORTER_ERROR_CODES = {
  GHR_ERR_REQUEST: 'A GitHub request failed; the operation stays in the outbox and is retried with back-off.',
  GHR_ERR_REJECTED: 'GitHub rejected an operation for good (422, or the issue is gone); it was dropped from the outbox.',
  GHR_ERR_RECONCILE: 'Listing issues to reconcile an uncertain create failed; the create waits.',
  GHR_ERR_COORDINATION: 'The shared state of several hosts (Redis) could not be reached, or disagreed; the create waits and is retried.',
} as const;
export type ReporterErrorCode = keyof typeof REPORTER_ERROR_CODES;

export class ReporterError extends Error {
  override readonly name = 'ReporterError';
  readonly code: ReporterErrorCode;
  readonly status: number | undefined;
  constructor(code: ReporterErrorCode, message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
  }
}
