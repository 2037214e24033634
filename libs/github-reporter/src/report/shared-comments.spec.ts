import type { IssueEvent } from '../compose/issue-event';
import { InMemoryIssuesApi } from './in-memory-issues-api';
import { InMemoryReporterStore } from './in-memory-reporter-store';
import { InMemorySharedQueue } from './in-memory-shared-outbox';
import { IssueReporter } from './issue-reporter';

const event: IssueEvent = { type: 'application_error', severity: 'high', fingerprint: 'v2-00000000000000aa', container: 'safework-app', message: 'ValueError: invalid literal for int()' };
const deploy = { container: 'safework-app', fromImage: 'app:1', toImage: 'app:2', at: '2024-05-02T10:00:00.000Z' };
const CLAIM_IDLE = 30_000;

/** Two hosts' reporters, one GitHub, one shared outbox, one clock. */
function cluster() {
  let now = Date.parse('2024-05-02T10:00:00Z');
  const clock = (): Date => new Date(now);
  const api = new InMemoryIssuesApi({ now: () => now });
  const queue = new InMemorySharedQueue({ clock, claimIdleMs: CLAIM_IDLE });
  const host = (hostId: string): IssueReporter =>
    new IssueReporter({ api, store: new InMemoryReporterStore(), clock, owner: 'safework', repo: 'safework', threshold: 'high', commentIntervalMs: 60_000, nonce: () => 'n', compose: { lang: 'en' }, hostId, shared: queue.forHost(hostId) });
  const comments = (): string[] => api.issues[0]?.comments ?? [];
  return { api, queue, a: host('host-a'), b: host('host-b'), comments, advance: (ms: number) => (now += ms) };
}

describe('comments through the outbox several hosts share', () => {
  it('hands a comment over once and sends it with a hidden marker', async () => {
    const t = cluster();
    t.a.observe(event);
    await t.a.drain();
    expect(t.a.noteDeploy(deploy)).toBe(1);
    const result = await t.a.drain();
    expect(result.commented).toBe(1);
    expect(t.comments()).toEqual([expect.stringMatching(/^🚀 `safework-app` was deployed[\s\S]*\n\n<!-- safework-op: host-a\/\d+\/2024-05-02T10:00:00.000Z -->$/)]);
    expect(await t.queue.forHost('host-a').depth()).toBe(0);
    // Another host's drain finds nothing left to send.
    await t.b.drain();
    expect(t.comments()).toHaveLength(1);
  });

  it.each([
    ['its request landed before it died', true, 0],
    ['its request never landed', false, 1],
  ])('a host that dies holding a comment (%s): another takes it over after the claim time, and it lands once', async (_case, landed, sentByB) => {
    const t = cluster();
    t.a.observe(event);
    await t.a.drain();
    t.a.noteDeploy(deploy);
    // host-a sends, the answer never comes back; then host-a is gone.
    t.api.fail({ method: 'createComment', landed });
    await t.a.drain();
    expect(t.comments()).toHaveLength(landed ? 1 : 0);
    // Before the claim time, the entry is host-a's: host-b leaves it.
    t.advance(CLAIM_IDLE - 1000);
    expect((await t.b.drain()).commented).toBe(0);
    t.advance(2000);
    const result = await t.b.drain();
    expect(result.commented).toBe(sentByB);
    expect(t.comments()).toHaveLength(1);
    expect(t.api.calls).toContain('listComments'); // looked for it by its marker first
    expect(await t.queue.forHost('host-b').depth()).toBe(0);
  });

  it('keeps a comment in this host\'s outbox while the shared one cannot be reached, and hands it over after', async () => {
    const t = cluster();
    t.a.observe(event);
    await t.a.drain();
    t.a.noteDeploy(deploy);
    t.queue.down = true;
    const down = await t.a.drain();
    expect(down.waiting).toBe(true);
    expect(t.a.errors['GHR_ERR_COORDINATION']).toBeGreaterThan(0);
    expect(t.comments()).toEqual([]);
    t.queue.down = false;
    t.advance(15_000);
    expect((await t.a.drain()).commented).toBe(1);
    expect(t.comments()).toHaveLength(1);
  });

  it('drops a digest whose issue carries the muted label, and a comment GitHub rejects for good', async () => {
    const t = cluster();
    t.a.observe(event);
    await t.a.drain();
    await t.api.addLabels({ owner: 'safework', repo: 'safework', issue_number: 1, labels: ['muted'] });
    await t.queue.forHost('host-a').add({ key: 'k1', fingerprint: event.fingerprint, issueNumber: 1, body: 'digest', digest: true });
    await t.queue.forHost('host-a').add({ key: 'k2', fingerprint: event.fingerprint, issueNumber: 99, body: 'note', digest: false });
    const result = await t.b.drain();
    expect(t.comments()).toEqual([]);
    expect(result.dropped).toBe(1);
    expect(t.b.errors['GHR_ERR_REJECTED']).toBe(1);
    expect(await t.queue.forHost('host-b').depth()).toBe(0);
  });
});
