import type Database from 'better-sqlite3';
import type { MaintenanceStore, MaintenanceWindow, NewMaintenanceWindow } from './maintenance';

interface Row {
  id: number;
  starts_at: string;
  ends_at: string;
  containers: string | null;
  reason: string | null;
}

const windowOf = (r: Row): MaintenanceWindow => ({
  id: r.id,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  containers: r.containers === null ? null : (JSON.parse(r.containers) as string[]),
  reason: r.reason,
});

/**
 * `MaintenanceStore` on the state database (`SqliteStateStore.database`): the CLI opens the
 * file the running monitor uses and writes a window; the monitor sees it at its next read.
 */
export class SqliteMaintenanceStore implements MaintenanceStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  startMaintenance(window: NewMaintenanceWindow): MaintenanceWindow {
    const r = this.#db
      .prepare('INSERT INTO maintenance (starts_at, ends_at, containers, reason, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *')
      .get(window.startsAt, window.endsAt, window.containers === null ? null : JSON.stringify(window.containers), window.reason, new Date().toISOString()) as Row;
    return windowOf(r);
  }

  endMaintenance(at: Date, containers?: readonly string[]): number {
    const iso = at.toISOString();
    return this.#db.transaction(() => {
      const open = (this.#db.prepare('SELECT * FROM maintenance WHERE starts_at <= ? AND ends_at > ?').all(iso, iso) as Row[]).map(windowOf);
      const chosen = containers === undefined || containers.length === 0 ? open : open.filter((w) => w.containers !== null && w.containers.some((c) => containers.includes(c)));
      const end = this.#db.prepare('UPDATE maintenance SET ends_at = ? WHERE id = ?');
      for (const w of chosen) end.run(iso, w.id);
      return chosen.length;
    })();
  }

  maintenanceWindows(since: Date): MaintenanceWindow[] {
    return (this.#db.prepare('SELECT * FROM maintenance WHERE ends_at > ? ORDER BY starts_at, id').all(since.toISOString()) as Row[]).map(windowOf);
  }
}
