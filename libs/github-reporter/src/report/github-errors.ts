import type { GitHubIssue, TrackedIssue } from './ports';

/*
 * What the reporter reads off GitHub's answers and failures. Octokit's `RequestError` carries
 * `status` and `response.headers`; any client error of that shape maps the same way.
 */

/** The HTTP status of a failed request, when it had one. */
export function statusOfError(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** `{ status }` for a `ReporterError`'s options, or nothing. */
export function statusField(error: unknown): { status?: number } {
  const status = statusOfError(error);
  return status === undefined ? {} : { status };
}

/**
 * The wait GitHub asked for in `retry-after` (seconds), in ms. GitHub sends it with 429s and
 * secondary rate limits: https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 */
export function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: Record<string, string | number | undefined> } } | null)?.response?.headers;
  const value = headers?.['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/** A failure's message, whatever was thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True for a rejection that retrying cannot change (422; 404 of anything but a create). */
export function isFinalRejection(status: number | undefined, kind: string): boolean {
  return status === 422 || (status === 404 && kind !== 'create');
}

/** The tracked status an issue's state stands for. */
export function statusOf(issue: GitHubIssue): TrackedIssue['status'] {
  if (issue.state === 'open') return 'open';
  return issue.state_reason === 'not_planned' ? 'closed_not_planned' : 'closed_completed';
}

/** The rest of the first label that starts with `prefix` (`type-` → the type). */
export function labelValue(issue: GitHubIssue, prefix: string): string | undefined {
  for (const label of issue.labels) {
    const name = typeof label === 'string' ? label : label.name;
    if (name?.startsWith(prefix)) return name.slice(prefix.length);
  }
  return undefined;
}
