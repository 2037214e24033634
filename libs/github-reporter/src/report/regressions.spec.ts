import type { IssueEvent } from '../compose/issue-event';
import { InMemoryIssuesApi } from './in-memory-issues-api';
import { InMemoryReporterStore } from './in-memory-reporter-store';
import { IssueReporter } from './issue-reporter';

const FP = 'v2-00000000000000aa';
const image = (tag: string, id: string): Pick<IssueEvent, 'image' | 'imageId'> => ({ image: `safework/app:${tag} (${id.padEnd(12, '0')})`, imageId: `sha256:${id.padEnd(64, '0')}` });
const A = image('1.0', 'aaaa');
const B = image('1.1', 'bbbb');
const C = image('1.2', 'cccc');
const bug = (img: Pick<IssueEvent, 'image' | 'imageId'>, extra: Partial<IssueEvent> = {}): IssueEvent => ({ type: 'application_error', severity: 'high', fingerprint: FP, container: 'safework-app', message: 'KeyError: department', ...img, ...extra });

function setup() {
  let now = Date.parse('2024-05-02T10:00:00Z');
  const clock = (): Date => new Date(now);
  const api = new InMemoryIssuesApi({ now: () => now });
  const store = new InMemoryReporterStore();
  const reporter = new IssueReporter({ api, store, clock, owner: 'safework', repo: 'safework', threshold: 'high', commentIntervalMs: 60_000, syncIntervalMs: 1000, nonce: () => 'n', compose: { lang: 'en' } });
  const close = (): Promise<unknown> => api.update({ owner: 'safework', repo: 'safework', issue_number: 1, state: 'closed', state_reason: 'completed' });
  const advance = (ms: number): number => (now += ms);
  /** The bug filed from image A, then closed as completed a minute later, a minute ago. */
  const filedInAThenClosed = async (): Promise<void> => {
    reporter.observe(bug(A));
    await reporter.drain();
    advance(60_000);
    await close();
    advance(60_000);
  };
  return { api, store, reporter, advance, filedInAThenClosed };
}

describe('image-aware regressions', () => {
  it('an issue closed as completed stays closed when an image older than the fix hits it again, and reopens naming a newer one', async () => {
    const t = setup();
    // The fix ships in B; the issue is closed; a replica still on A hits the bug.
    await t.filedInAThenClosed();
    t.reporter.observe(bug(A));
    await t.reporter.drain();
    expect(t.api.issues[0]?.state).toBe('closed');
    t.advance(2000);
    for (let i = 0; i < 3; i++) t.reporter.observe(bug(A));
    await t.reporter.drain();
    expect(t.api.issues[0]?.state).toBe('closed');
    expect(t.store.getTracked(FP)?.total).toBe(5); // counted all the same
    // Image C brings it back: reopened, saying where.
    t.advance(2000);
    t.reporter.observe(bug(C));
    await t.reporter.drain();
    expect(t.api.issues[0]?.state).toBe('open');
    expect(t.api.issues[0]?.comments).toEqual([expect.stringContaining('Regressed in `safework/app:1.2 (cccc00000000)`.')]);
  });

  it('reopens for the image that was meant to fix it (first seen after the close)', async () => {
    const t = setup();
    await t.filedInAThenClosed();
    t.reporter.observe(bug(B));
    await t.reporter.drain();
    expect(t.api.issues[0]?.state).toBe('open');
    expect(t.api.issues[0]?.comments[0]).toContain('Regressed in `safework/app:1.1 (bbbb00000000)`.');
  });

  it('an outage closed on recovery reopens when it recurs, whatever the image (it is no code bug)', async () => {
    const t = setup();
    const outage = bug(A, { type: 'redis_connection', severity: 'critical', container: 'safework-redis', reportedBy: 'safework-app', dependency: { kind: 'redis', host: 'safework-redis', failure: 'unreachable' } });
    t.reporter.observe(outage);
    await t.reporter.drain();
    t.advance(60_000);
    expect(t.reporter.resolve(FP, { dependency: 'safework-redis', firstError: '', recoveredAt: '', quietSeconds: 5, errors: 1, failedRequests: 0, byType: {}, containers: [], routes: [] })).toBe(true);
    await t.reporter.drain();
    expect(t.api.issues[0]?.state).toBe('closed');
    t.advance(60_000);
    t.reporter.observe(outage);
    await t.reporter.drain();
    expect(t.api.issues[0]?.state).toBe('open');
  });

  it('labels a problem first seen right after its container\'s deploy `new-in-deploy`, naming the deploy; digests list the images', async () => {
    const t = setup();
    const deploy = { container: 'safework-app', fromImage: A.image ?? '', toImage: B.image ?? '', at: '2024-05-02T09:58:00.000Z' };
    t.reporter.observe(bug(B, { deploy }));
    await t.reporter.drain();
    expect(t.api.issues[0]?.labels).toContain('new-in-deploy');
    expect(t.api.issues[0]?.body).toContain('| New in deploy | `safework-app`: `safework/app:1.0 (aaaa00000000)` → `safework/app:1.1 (bbbb00000000)`, `2024-05-02T09:58:00.000Z` |');
    t.advance(1000);
    t.reporter.observe(bug(C));
    t.advance(61_000);
    await t.reporter.tick();
    await t.reporter.drain();
    expect(t.api.issues[0]?.comments[0]).toContain('- Seen in images (where it first appeared first): `safework/app:1.1 (bbbb00000000)`, `safework/app:1.2 (cccc00000000)`');
  });
});
