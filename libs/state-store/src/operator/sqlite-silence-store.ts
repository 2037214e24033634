import type Database from 'better-sqlite3';
import type { NewSilence, Silence, SilenceStore } from '@safework/github-reporter';

interface Row {
  id: number;
  data: string;
  lifted_at: string | null;
}

const silenceOf = (r: Row): Silence => ({ ...(JSON.parse(r.data) as Omit<Silence, 'id'>), id: r.id });

/**
 * The reporter's `SilenceStore` on the state database: the `silence` command writes to the file
 * the running monitor uses, which lifts silences in the transaction that queues their comment.
 */
export class SqliteSilenceStore implements SilenceStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  addSilence(silence: NewSilence): Silence {
    const data: Omit<Silence, 'id'> = { ...silence, liftedAt: null, liftReason: null };
    const info = this.#db.prepare('INSERT INTO silences (fingerprint, data) VALUES (?, ?)').run(silence.fingerprint, JSON.stringify(data));
    return { ...data, id: Number(info.lastInsertRowid) };
  }

  liftSilence(id: number, at: string, reason: string): boolean {
    const row = this.#db.prepare('SELECT * FROM silences WHERE id = ? AND lifted_at IS NULL').get(id) as Row | undefined;
    if (row === undefined) return false;
    const lifted = { ...(JSON.parse(row.data) as Omit<Silence, 'id'>), liftedAt: at, liftReason: reason };
    return this.#db.prepare('UPDATE silences SET data = ?, lifted_at = ? WHERE id = ? AND lifted_at IS NULL').run(JSON.stringify(lifted), at, id).changes === 1;
  }

  activeSilences(): Silence[] {
    return (this.#db.prepare('SELECT * FROM silences WHERE lifted_at IS NULL ORDER BY id').all() as Row[]).map(silenceOf);
  }

  recentSilences(limit: number): Silence[] {
    return (this.#db.prepare('SELECT * FROM silences ORDER BY id DESC LIMIT ?').all(limit) as Row[]).map(silenceOf);
  }
}
