import type { IssueEvent } from '../compose/issue-event';
import { InMemoryIssuesApi } from './in-memory-issues-api';
import { InMemoryReporterStore } from './in-memory-reporter-store';
import { InMemorySilenceStore } from './in-memory-silence-store';
import { IssueReporter } from './issue-reporter';
import { hourlyRate, liftReason, type Silence } from './silences';

const FP = 'v2-00000000000000aa';
const event: IssueEvent = { type: 'application_error', severity: 'high', fingerprint: FP, container: 'safework-app', message: 'ValueError: invalid literal for int()' };
const HOUR = 3_600_000;

function setup() {
  let now = Date.parse('2024-05-02T10:00:00Z');
  const clock = (): Date => new Date(now);
  const store = new InMemoryReporterStore();
  const api = new InMemoryIssuesApi({ now: () => now });
  const silences = new InMemorySilenceStore();
  const reporter = new IssueReporter({ api, store, clock, owner: 'safework', repo: 'safework', threshold: 'high', commentIntervalMs: 60_000, syncIntervalMs: 1000, nonce: () => 'n', silences, compose: { lang: 'en' } });
  const see = (times: number): void => void reporter.observeAll(Array.from({ length: times }, () => event));
  const silence = (over: Partial<Silence> = {}): void => {
    silences.addSilence({ fingerprint: FP, issueNumber: 1, createdAt: clock().toISOString(), until: new Date(now + 7 * 24 * HOUR).toISOString(), untilRate: 10, rateAtMute: 2, reason: null, ...over });
  };
  const comments = (): string[] => api.issues[0]?.comments ?? [];
  return { store, api, reporter, silences, see, silence, comments, clock, advance: (ms: number) => (now += ms) };
}

describe('silences', () => {
  it('measures the rate over the last sixty minutes from hourly counts', () => {
    expect(hourlyRate({ hours: { '2024-05-02T10': 6, '2024-05-02T09': 40 } }, new Date('2024-05-02T10:45:00Z'))).toBe(16);
    const s = { until: '2024-05-09T00:00:00Z', untilRate: 10, rateAtMute: 2 } as Silence;
    expect(liftReason(s, { hours: { '2024-05-02T10': 20 } }, new Date('2024-05-02T10:30:00Z'))).toBeUndefined();
    expect(liftReason(s, { hours: { '2024-05-02T10': 21 } }, new Date('2024-05-02T10:30:00Z'))).toEqual({ reason: 'rate', rate: 21 });
    expect(liftReason({ ...s, untilRate: null }, { hours: { '2024-05-02T10': 500 } }, new Date('2024-05-02T10:30:00Z'))).toBeUndefined();
    expect(liftReason(s, undefined, new Date('2024-05-09T00:00:00Z'))).toEqual({ reason: 'expired' });
  });

  it('stops digests and reopening while silenced, counting on; lifts at 10× the rate with one comment saying why', async () => {
    const t = setup();
    t.see(1);
    await t.reporter.drain();
    t.silence();
    t.advance(2 * 60_000);
    t.see(5);
    await t.reporter.tick();
    await t.reporter.drain();
    expect(t.comments()).toEqual([]); // no digest
    await t.api.update({ owner: 'safework', repo: 'safework', issue_number: 1, state: 'closed', state_reason: 'completed' });
    t.advance(2000);
    t.see(3);
    await t.reporter.drain();
    expect(t.api.issues[0]?.state).toBe('closed'); // not reopened
    expect(t.store.getTracked(FP)?.total).toBe(9); // counted
    // The rate passes 10 × 2 an hour: lifted, with one comment, and the next recurrence reopens.
    t.see(15);
    await t.reporter.tick();
    await t.reporter.drain();
    expect(t.silences.activeSilences()).toEqual([]);
    expect(t.comments()).toEqual([expect.stringMatching(/^🔔 The rate rose to 24 an hour, more than 10× the 2 an hour when it was silenced/)]);
    t.see(1);
    await t.reporter.drain();
    expect(t.api.issues[0]?.state).toBe('open');
  });

  it('drops a digest queued just before the silence was set, and sees a silence set within the second', async () => {
    const t = setup();
    t.see(1);
    await t.reporter.drain();
    t.advance(2 * 60_000);
    t.see(4);
    await t.reporter.tick(); // the digest is queued…
    t.silence(); // …and the operator silences the problem before it is sent
    await t.reporter.drain();
    expect(t.comments()).toEqual([]);
    // A silence set a few ms after the book last read the store still holds the next digest.
    const u = setup();
    u.see(1);
    await u.reporter.drain();
    await u.reporter.tick(); // reads the (empty) silences
    u.advance(2 * 60_000);
    u.see(4);
    u.silence();
    await u.reporter.tick();
    await u.reporter.drain();
    expect(u.comments()).toEqual([]);
    expect(u.store.getTracked(FP)?.total).toBe(5);
  });

  it('lifts itself when it expires, with one comment, and digests come back', async () => {
    const t = setup();
    t.see(1);
    await t.reporter.drain();
    t.silence({ until: new Date(t.clock().getTime() + HOUR).toISOString(), untilRate: null });
    t.see(2);
    t.advance(HOUR);
    await t.reporter.tick();
    await t.reporter.drain();
    // The lift says why; the digest of what the silence held is due at once.
    expect(t.comments()).toHaveLength(2);
    expect(t.comments()[0]).toMatch(/^🔔 The silence set at 2024-05-02T10:00:00.000Z expired \(2024-05-02T11:00:00.000Z\)/);
    expect(t.comments()[1]).toMatch(/Recurrence digest[\s\S]*Since the last digest: \*\*2\*\*/);
  });

  it('honours the `muted` label on GitHub: the digest is dropped and a closed issue stays closed', async () => {
    const t = setup();
    t.see(1);
    await t.reporter.drain();
    await t.api.addLabels({ owner: 'safework', repo: 'safework', issue_number: 1, labels: ['muted'] });
    t.advance(61_000);
    t.see(2);
    await t.reporter.tick();
    await t.reporter.drain();
    expect(t.comments()).toEqual([]);
    expect(t.store.getTracked(FP)?.muted).toBe(true);
    await t.api.update({ owner: 'safework', repo: 'safework', issue_number: 1, state: 'closed', state_reason: 'completed' });
    t.advance(2000);
    t.see(1);
    await t.reporter.drain();
    expect(t.api.issues[0]?.state).toBe('closed');
  });
});
