import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStateStore } from '../sqlite-state-store';
import { InMemoryMaintenanceStore } from './in-memory-maintenance-store';
import { covers, isOpen, type MaintenanceStore } from './maintenance';
import { SqliteMaintenanceStore } from './sqlite-maintenance-store';

const at = (hhmm: string): Date => new Date(`2024-05-02T${hhmm}:00Z`);

/** A writer (the CLI) and a reader (the monitor) of one store. */
type Pair = { writer: MaintenanceStore; reader: MaintenanceStore; close: () => void };

const adapters: Array<[string, () => Pair]> = [
  [
    'SQLite, two connections to one file (the CLI and the monitor)',
    () => {
      const path = join(mkdtempSync(join(tmpdir(), 'maintenance-')), 'state.db');
      const cli = SqliteStateStore.open(path);
      const monitor = SqliteStateStore.open(path);
      return { writer: new SqliteMaintenanceStore(cli.database), reader: new SqliteMaintenanceStore(monitor.database), close: () => (cli.close(), monitor.close()) };
    },
  ],
  [
    'in memory',
    () => {
      const store = new InMemoryMaintenanceStore();
      return { writer: store, reader: store, close: () => undefined };
    },
  ],
];

describe.each(adapters)('MaintenanceStore: %s', (_name, make) => {
  let pair: Pair;
  beforeEach(() => (pair = make()));
  afterEach(() => pair.close());

  it('hands a window written by one side to the other, until it ends', () => {
    const w = pair.writer.startMaintenance({ startsAt: at('10:00').toISOString(), endsAt: at('10:30').toISOString(), containers: ['safework-mysql'], reason: 'MariaDB 11 upgrade' });
    expect(pair.reader.maintenanceWindows(at('10:05'))).toEqual([w]);
    expect(isOpen(w, at('10:29'))).toBe(true);
    expect(isOpen(w, at('10:30'))).toBe(false);
    expect(pair.reader.maintenanceWindows(at('10:30'))).toEqual([]);
  });

  it('ends open windows early, all of them or those of the containers named', () => {
    const all = pair.writer.startMaintenance({ startsAt: at('10:00').toISOString(), endsAt: at('11:00').toISOString(), containers: null, reason: null });
    const db = pair.writer.startMaintenance({ startsAt: at('10:00').toISOString(), endsAt: at('11:00').toISOString(), containers: ['safework-mysql'], reason: 'restart' });
    const later = pair.writer.startMaintenance({ startsAt: at('12:00').toISOString(), endsAt: at('13:00').toISOString(), containers: null, reason: 'planned' });
    expect(pair.writer.endMaintenance(at('10:10'), ['safework-mysql'])).toBe(1);
    expect(pair.reader.maintenanceWindows(at('10:10')).map((w) => w.id)).toEqual([all.id, later.id]);
    expect(pair.writer.endMaintenance(at('10:20'))).toBe(1); // the one to come is not open: it stays
    expect(pair.reader.maintenanceWindows(at('10:20'))).toEqual([later]);
    expect(db.containers).toEqual(['safework-mysql']);
  });
});

describe('covers', () => {
  const window = { id: 1, startsAt: '', endsAt: '', reason: null };
  it('covers every container without a list, else those named by container or service name', () => {
    expect(covers({ ...window, containers: null }, ['anything'])).toBe(true);
    expect(covers({ ...window, containers: ['safework-mysql'] }, ['safework_safework-mysql_1', 'safework-mysql'])).toBe(true);
    expect(covers({ ...window, containers: ['safework-mysql'] }, ['safework-app'])).toBe(false);
  });
});
