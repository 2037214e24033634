import { SqliteStateStore } from '../sqlite-state-store';
import { containerSampleOf, heartbeatVerdict, monitorStatusSchema, type Heartbeat } from './monitor-state';

const beat = (at: string, state: Heartbeat['status']['state']): Heartbeat => ({ at, status: monitorStatusSchema.parse({ state }) });

describe('heartbeatVerdict', () => {
  const now = Date.parse('2024-05-02T10:00:00Z');
  it('is alive for a fresh heartbeat', () => {
    expect(heartbeatVerdict(beat('2024-05-02T09:59:50Z', 'running'), now, 30)).toEqual({ ok: true, ageSeconds: 10, detail: 'heartbeat 10 s ago, state running' });
  });
  it('is down without a heartbeat, when stale, stopped or failed', () => {
    expect(heartbeatVerdict(undefined, now, 30)).toEqual({ ok: false, ageSeconds: null, detail: 'the monitor has not written a heartbeat' });
    expect(heartbeatVerdict(beat('2024-05-02T09:58:29Z', 'running'), now, 30)).toEqual({ ok: false, ageSeconds: 91, detail: 'last heartbeat 91 s ago (limit 90 s)' });
    expect(heartbeatVerdict(beat('2024-05-02T09:59:59Z', 'failed'), now, 30).ok).toBe(false);
    expect(heartbeatVerdict(beat('2024-05-02T09:59:59Z', 'stopped'), now, 30).ok).toBe(false);
    expect(heartbeatVerdict(beat('yesterday', 'running'), now, 30).ok).toBe(false);
  });
  it('never allows less than 30 s, so a one-second interval does not flap', () => {
    expect(heartbeatVerdict(beat('2024-05-02T09:59:35Z', 'disabled'), now, 1).ok).toBe(true);
  });
});

describe('the shared records through the store', () => {
  it('reads back the status the monitor wrote, with defaults for what an idle monitor leaves out', () => {
    const store = SqliteStateStore.open(':memory:');
    store.writeHeartbeat('monitor', '2024-05-02T10:00:00Z', { state: 'disabled' });
    expect(store.heartbeat('monitor')).toEqual({
      at: '2024-05-02T10:00:00Z',
      status: { state: 'disabled', dockerConnected: false, following: [], outboxDepth: 0, lastReporterError: null, dryRun: false, filingHeld: null, sharedState: null, maintenance: [], events: 0, incidents: 0, ingestLagSeconds: {}, errors: {} },
    });
  });

  it('refuses to write a status outside the schema', () => {
    const store = SqliteStateStore.open(':memory:');
    expect(() => store.writeHeartbeat('monitor', '2024-05-02T10:00:00Z', { state: 'asleep' as 'running' })).toThrow(/state/);
  });

  it('reads no heartbeat from a row it cannot read (another version wrote it), rather than guessing', () => {
    const store = SqliteStateStore.open(':memory:');
    store.database.prepare('INSERT INTO heartbeat (component, at, status) VALUES (?, ?, ?)').run('monitor', '2024-05-02T10:00:00Z', JSON.stringify({ state: 42 }));
    expect(store.heartbeat('monitor')).toBeUndefined();
  });

  it('round-trips a container sample, a first sample without CPU figures included', () => {
    const store = SqliteStateStore.open(':memory:');
    const sample = containerSampleOf({ name: 'safework-app', health: 'unhealthy', memoryLimit: 2 ** 30 }, { memoryUsageBytes: 2 ** 28, memoryLimitBytes: 2 ** 30 });
    store.saveContainers([sample], '2024-05-02T10:00:00Z');
    const [read] = store.containers();
    expect(read?.name).toBe('safework-app');
    expect(read?.sample.snapshot).toEqual(sample.snapshot);
    expect(read?.sample.usage).toEqual({ memoryUsageBytes: 2 ** 28, memoryLimitBytes: 2 ** 30, onlineCpus: 2 });
  });
});
