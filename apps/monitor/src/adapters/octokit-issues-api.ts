import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import { httpFetch, type FetchInit, type FetchResponse } from './http-fetch';
import type { Visibility } from './public-repo-guard';
import type { IssuesApi } from '@safework/github-reporter';

export interface OctokitOptions {
  readonly token: string;
  /** `GITHUB_API_URL`: GitHub Enterprise, or the local fake. */
  readonly baseUrl?: string;
  /** A request that takes longer is aborted: its outcome is then uncertain and reconciled. */
  readonly timeoutMs?: number;
  /** How many times the throttling plugin waits and retries a rate-limited request. */
  readonly rateLimitRetries?: number;
  /**
   * Least time between two content-creating requests (issues, comments, labels). Default 1 s:
   * GitHub's secondary limit is 80 content-creating requests a minute, and the throttling
   * plugin's own 3 s for notifying requests would delay a burst of new problems by minutes.
   * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
   */
  readonly minWriteIntervalMs?: number;
  /** Retries of a 5xx by plugin-retry inside one request (default 3); the outbox retries beyond. */
  readonly serverErrorRetries?: number;
  readonly onWarning?: (message: string) => void;
}

const GitHub = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof GitHub>;

/**
 * Octokit with `plugin-retry` (5xx) and `plugin-throttling` (primary and secondary rate
 * limits, honouring `retry-after`), and a timeout on every request. The only place that
 * builds a GitHub client.
 */
export function createGitHubClient(options: OctokitOptions): GitHubClient {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retries = options.rateLimitRetries ?? 2;
  const warn = options.onWarning ?? (() => undefined);
  const timedFetch = (input: string | URL, init?: FetchInit): Promise<FetchResponse> => {
    const signal = init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
    return httpFetch(input, { ...init, signal });
  };
  return new GitHub({
    auth: options.token,
    userAgent: 'safework-monitor',
    ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/$/, '') } : {}),
    request: { fetch: timedFetch as unknown as typeof fetch },
    // Octokit's own console logging would print request URLs; route warnings to our logger.
    log: { debug: () => undefined, info: () => undefined, warn: (m: string) => warn(m), error: (m: string) => warn(m) },
    throttle: {
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.minWriteIntervalMs ?? 1000 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.minWriteIntervalMs ?? 1000 }),
      onRateLimit: (retryAfter: number, _opts: object, _o: unknown, retryCount: number) => {
        warn(`GitHub rate limit: retry in ${retryAfter}s`);
        return retryCount < retries;
      },
      onSecondaryRateLimit: (retryAfter: number, _opts: object, _o: unknown, retryCount: number) => {
        warn(`GitHub secondary rate limit: retry in ${retryAfter}s`);
        return retryCount < retries;
      },
    },
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451], retries: options.serverErrorRetries ?? 3 },
  });
}

/** The reporter's `IssuesApi` port over Octokit's `rest.issues`. */
export function octokitIssuesApi(client: GitHubClient): IssuesApi {
  const issues = client.rest.issues;
  return {
    create: (p) => issues.create(p),
    get: (p) => issues.get(p),
    update: (p) => issues.update(p),
    listForRepo: (p) => issues.listForRepo(p),
    createComment: (p) => issues.createComment(p),
    listComments: (p) => issues.listComments(p),
    addLabels: (p) => issues.addLabels(p),
    removeLabel: (p) => issues.removeLabel(p),
  };
}

/** The repository's visibility (`visibility`, or `private` on servers that do not send it). */
export async function readVisibility(client: GitHubClient, owner: string, repo: string): Promise<Visibility> {
  const { data } = await client.rest.repos.get({ owner, repo });
  if (data.visibility === 'public' || data.visibility === 'private' || data.visibility === 'internal') return data.visibility;
  return data.private ? 'private' : 'public';
}
