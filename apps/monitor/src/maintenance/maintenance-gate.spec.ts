import type { IssueEvent } from '@safework/github-reporter';
import { InMemoryMaintenanceStore } from '@safework/state-store';
import { MaintenanceGate } from './maintenance-gate';

const at = (hhmm: string): Date => new Date(`2024-05-02T${hhmm}:00Z`);
const event = (container: string, fingerprint = 'v2-00000000000000aa', reportedBy?: string): IssueEvent => ({
  type: 'database_connection',
  severity: 'critical',
  fingerprint,
  container,
  message: 'Lost connection to MySQL server',
  ...(reportedBy === undefined ? {} : { reportedBy }),
});

describe('MaintenanceGate', () => {
  it('holds back what the window covers: the container, or a dependency failure another container reported', () => {
    const store = new InMemoryMaintenanceStore();
    store.startMaintenance({ startsAt: at('10:00').toISOString(), endsAt: at('10:30').toISOString(), containers: ['safework-mysql'], reason: null });
    const gate = new MaintenanceGate({ store });
    const passed = gate.pass([event('safework-mysql'), event('safework-mysql', 'v2-00000000000000bb', 'safework-app'), event('safework-app', 'v2-00000000000000cc')], at('10:10'));
    expect(passed.map((e) => e.fingerprint)).toEqual(['v2-00000000000000cc']);
    expect(gate.holds(event('safework-mysql'), at('10:10'))).toBe(true);
    expect(gate.holds(event('safework-mysql'), at('10:31'))).toBe(false);
  });

  it('sees a window another process wrote within its refresh interval', () => {
    const store = new InMemoryMaintenanceStore();
    const gate = new MaintenanceGate({ store, refreshMs: 1000 });
    expect(gate.open(at('10:00'))).toEqual([]);
    store.startMaintenance({ startsAt: at('10:00').toISOString(), endsAt: at('10:30').toISOString(), containers: null, reason: 'deploy' });
    expect(gate.open(new Date(at('10:00').getTime() + 500))).toEqual([]); // read 0.5 s ago
    expect(gate.open(new Date(at('10:00').getTime() + 1000)).map((w) => w.reason)).toEqual(['deploy']);
  });

  it('notes on a problem that outlived the window how much was held back, for an hour after it', () => {
    const store = new InMemoryMaintenanceStore();
    store.startMaintenance({ startsAt: at('10:00').toISOString(), endsAt: at('10:30').toISOString(), containers: null, reason: 'upgrade' });
    const gate = new MaintenanceGate({ store, refreshMs: 0 });
    gate.pass([event('safework-app'), event('safework-app')], at('10:05'));
    const [after] = gate.pass([event('safework-app'), event('safework-app', 'v2-00000000000000dd')], at('10:35'));
    expect(after?.maintenance).toEqual({ reason: 'upgrade', from: '2024-05-02T10:00:00.000Z', until: '2024-05-02T10:30:00.000Z', held: 2 });
    expect(gate.pass([event('safework-app', 'v2-00000000000000dd')], at('10:35'))[0]?.maintenance).toBeUndefined();
    expect(gate.pass([event('safework-app')], at('11:31'))[0]?.maintenance).toBeUndefined();
  });
});
