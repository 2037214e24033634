import { randomUUID } from 'node:crypto';
import { IssueReporter, type IssueEvent, type ReporterStore } from '@safework/github-reporter';
import { createGitHubClient, octokitIssuesApi } from '../../src/adapters/octokit-issues-api';

export const TOKEN = 'fake-push-token';

/** A reporter on the real Octokit pointed at the fake. */
export function reporterFor(
  url: string,
  store: ReporterStore,
  clock: () => Date = () => new Date(),
  extra: { commentIntervalMs?: number; timeoutMs?: number; syncIntervalMs?: number; uncertainForMs?: number } = {},
): IssueReporter {
  return new IssueReporter({
    api: octokitIssuesApi(createGitHubClient({ token: TOKEN, baseUrl: url, timeoutMs: extra.timeoutMs ?? 2000, rateLimitRetries: 3, minWriteIntervalMs: 5, serverErrorRetries: 1 })),
    store,
    clock,
    owner: 'safework',
    repo: 'safework',
    threshold: 'high',
    commentIntervalMs: extra.commentIntervalMs ?? 3_600_000,
    syncIntervalMs: extra.syncIntervalMs ?? 60_000,
    nonce: () => randomUUID(),
    maxBackoffMs: 2000,
    // The fake answers within its injected delay; a create stays uncertain a little longer.
    uncertainForMs: extra.uncertainForMs ?? 2 * (extra.timeoutMs ?? 2000),
  });
}

/** Event `i` of fingerprint `f`. */
export function eventOf(f: number, i = 0): IssueEvent {
  return {
    type: f % 2 === 0 ? 'redis_connection' : 'database_connection',
    severity: 'critical',
    fingerprint: `v1-${f.toString(16).padStart(16, '0')}`,
    container: 'safework-app',
    message: `redis.exceptions.ConnectionError: Error 111 connecting to safework-redis:6379. Connection refused. (${f}/${i})`,
    time: new Date(Date.UTC(2024, 4, 2, 10, 0, i % 60)).toISOString(),
    traceback: `Traceback (most recent call last):\n  File "/app/app.py", line ${40 + f}, in submit\nredis.exceptions.ConnectionError: Error 111`,
  };
}

/** Drains until the outbox is empty (or the time is up). */
export async function drainAll(reporter: IssueReporter, store: ReporterStore, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (store.outboxDepth() > 0) {
    if (Date.now() > end) throw new Error(`outbox still holds ${store.outboxDepth()} ops; last error: ${reporter.lastError ?? 'none'}`);
    const r = await reporter.drain();
    if (r.waiting) await new Promise((res) => setTimeout(res, 100));
  }
}
