import type { IssueEvent } from '../compose/issue-event';
import { ClusterDigests } from './cluster-digests';
import { InMemoryOccurrenceLedger } from './in-memory-occurrence-ledger';
import { InMemoryReporterStore } from './in-memory-reporter-store';
import { IssueTracker } from './issue-tracker';

const FP = 'v2-00000000000000aa';
const event: IssueEvent = { type: 'application_error', severity: 'high', fingerprint: FP, container: 'safework-app', message: 'ValueError: invalid literal for int()' };
const INTERVAL = 60_000;

/** Three hosts (each its own store and tracker), one shared ledger, one clock. */
function cluster() {
  let now = Date.parse('2024-05-02T10:00:00Z');
  const clock = (): Date => new Date(now);
  const ledger = new InMemoryOccurrenceLedger();
  const hosts = ['host-a', 'host-b', 'host-c'].map((hostId) => {
    const store = new InMemoryReporterStore();
    const tracker = new IssueTracker({ store, clock, threshold: 'high', commentIntervalMs: INTERVAL, nonce: () => 'n' });
    const digests = new ClusterDigests({ store, clock, ledger, hostId, commentIntervalMs: INTERVAL, compose: { lang: 'en' } });
    const see = (times: number): void => {
      for (let i = 0; i < times; i++) tracker.observe(event);
      // As if filed (or adopted from another host): the issue is open.
      const t = store.getTracked(FP);
      if (t !== undefined && t.status === 'pending') store.putTracked({ ...t, status: 'open', issueNumber: 1 });
    };
    /** The digest comments queued since the last call (the create ops dropped). */
    const comments = (): string[] => {
      const out: string[] = [];
      for (let op = store.head(); op !== undefined; op = store.head()) {
        if (op.kind === 'comment') out.push(op.body ?? '');
        store.removeOp(op.id);
      }
      return out;
    };
    return { hostId, store, digests, see, comments };
  });
  const tickAll = async (): Promise<string[]> => {
    for (const h of hosts) await h.digests.tick();
    return hosts.flatMap((h) => h.comments());
  };
  return { ledger, hosts, tickAll, advance: (ms: number) => (now += ms) };
}

const figure = (body: string, label: string): number => Number(new RegExp(`- ${label}: \\**(\\d+)`).exec(body)?.[1]);

describe('ClusterDigests', () => {
  it('posts one digest per interval over every host, with every host\'s count', async () => {
    const { hosts, tickAll, advance } = cluster();
    const [a, b, c] = hosts;
    a?.see(3);
    b?.see(2);
    c?.see(4);
    expect(await tickAll()).toEqual([]); // counts written, no digest due yet
    advance(INTERVAL + 1);
    const first = await tickAll();
    expect(first).toHaveLength(1);
    // Each host's first occurrence filed or adopted the issue: the rest recurred.
    expect(figure(first[0] ?? '', 'Total')).toBe(9);
    expect(figure(first[0] ?? '', 'Since the last digest')).toBe(9);
    expect(first[0]).toContain('| `host-a` | 3 / 3 |');
    expect(first[0]).toContain('| `host-b` | 2 / 2 |');
    expect(first[0]).toContain('| `host-c` | 4 / 4 |');

    a?.see(2);
    c?.see(1);
    await tickAll(); // the claim of the first digest still holds: nothing
    advance(INTERVAL + 1);
    const second = await tickAll();
    expect(second).toHaveLength(1);
    expect(figure(second[0] ?? '', 'Since the last digest')).toBe(3);
    expect(figure(second[0] ?? '', 'Total')).toBe(12);
    expect(second[0]).toContain('| `host-b` | 0 / 2 |');
  });

  it('posts nothing when nothing recurred anywhere', async () => {
    const { hosts, tickAll, advance } = cluster();
    hosts[0]?.see(1);
    advance(INTERVAL + 1);
    expect(await tickAll()).toEqual([]); // the one occurrence is the one filed
    hosts[0]?.see(1);
    advance(INTERVAL + 1);
    expect(await tickAll()).toHaveLength(1);
    advance(INTERVAL + 1);
    expect(await tickAll()).toEqual([]);
  });

  it('keeps the counts while the ledger is unreachable and tells them once it is back', async () => {
    const { ledger, hosts, tickAll, advance } = cluster();
    const [a, b] = hosts;
    a?.see(5);
    b?.see(2);
    ledger.down = true;
    advance(INTERVAL + 1);
    await expect(a?.digests.tick()).rejects.toThrow('ledger unreachable');
    expect(a?.store.getTracked(FP)?.sharedTotal).toBeUndefined();
    await expect(b?.digests.tick()).rejects.toThrow('ledger unreachable');
    ledger.down = false;
    // A host's counts reach the ledger at its tick: b's come after a's claim, into the next digest.
    const digests = await tickAll();
    advance(INTERVAL + 1);
    digests.push(...(await tickAll()));
    expect(digests).toHaveLength(2);
    expect(digests.map((d) => figure(d, 'Since the last digest'))).toEqual([5, 2]);
    expect(figure(digests[1] ?? '', 'Total')).toBe(7);
  });

  it('counts nothing twice when a host writes the same figures again (a restart before it noted them)', async () => {
    const { ledger, hosts, tickAll, advance } = cluster();
    hosts[0]?.see(4);
    await tickAll();
    await ledger.record('host-a', [{ fingerprint: FP, total: 4, hours: { '2024-05-02T10': 4 } }]);
    advance(INTERVAL + 1);
    const [digest] = await tickAll();
    expect(figure(digest ?? '', 'Total')).toBe(4);
    expect(digest).toContain('| `2024-05-02T10` | 4 |');
  });
});
