import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Checkpoint, CheckpointStore } from '@safework/docker-logs';
import type { OutboxOp, ReporterStore, TrackedIssue } from '@safework/github-reporter';
import { StateStoreError } from './errors';
import { MIGRATIONS } from './migrations';

export interface SqliteStateStoreOptions {
  /** Clock for `updated_at` columns; injected so tests control it. */
  readonly now?: () => Date;
}

/**
 * The embedded state store: SQLite through better-sqlite3 in WAL mode. Implements the ports of
 * the libraries (`CheckpointStore` so far). Writes a caller makes inside `commit`'s `work`
 * with `database` share the checkpoint's transaction.
 */
export class SqliteStateStore implements CheckpointStore, ReporterStore {
  readonly #db: Database.Database;
  readonly #now: () => Date;
  readonly #load: Database.Statement<[string], { checkpoint: string }>;
  readonly #save: Database.Statement<[string, string, string]>;
  readonly #delete: Database.Statement<[string]>;

  private constructor(db: Database.Database, now: () => Date) {
    this.#db = db;
    this.#now = now;
    this.#load = db.prepare('SELECT checkpoint FROM checkpoints WHERE container = ?');
    this.#save = db.prepare(
      `INSERT INTO checkpoints (container, checkpoint, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(container) DO UPDATE SET checkpoint = excluded.checkpoint, updated_at = excluded.updated_at`,
    );
    this.#delete = db.prepare('DELETE FROM checkpoints WHERE container = ?');
  }

  /** Opens (creating if needed) the database at `path` and brings its schema up to date. */
  static open(path: string, options: SqliteStateStoreOptions = {}): SqliteStateStore {
    let db: Database.Database;
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      db = new Database(path);
      db.pragma('journal_mode = WAL');
      // NORMAL is durable across process crashes in WAL mode; only a power cut can lose the
      // last commits, never corrupt the file. https://www.sqlite.org/pragma.html#pragma_synchronous
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
    } catch (error) {
      throw new StateStoreError('STS_ERR_OPEN', `cannot open state database ${path}: ${(error as Error).message}`, { cause: error });
    }
    SqliteStateStore.#migrate(db, path);
    return new SqliteStateStore(db, options.now ?? (() => new Date()));
  }

  static #migrate(db: Database.Database, path: string): void {
    let version: number;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
    } catch (error) {
      throw new StateStoreError('STS_ERR_CORRUPT', `state database ${path} is not readable: ${(error as Error).message}`, { cause: error });
    }
    if (version > MIGRATIONS.length) {
      throw new StateStoreError('STS_ERR_SCHEMA', `state database ${path} has schema ${version}; this version knows up to ${MIGRATIONS.length}`);
    }
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.transaction(() => {
        db.exec(MIGRATIONS[v] as string);
        db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  /** The connection, for writes that must share a checkpoint's transaction. */
  get database(): Database.Database {
    return this.#db;
  }

  /** Schema version in force. */
  get schemaVersion(): number {
    return this.#db.pragma('user_version', { simple: true }) as number;
  }

  load(container: string): Checkpoint | undefined {
    const row = this.#load.get(container);
    return row === undefined ? undefined : (JSON.parse(row.checkpoint) as Checkpoint);
  }

  commit(container: string, checkpoint: Checkpoint, work: () => void): void {
    try {
      this.#db.transaction(() => {
        work();
        this.#save.run(container, JSON.stringify(checkpoint), this.#now().toISOString());
      })();
    } catch (error) {
      if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_')) {
        throw new StateStoreError('STS_ERR_WRITE', `cannot save checkpoint of ${container}: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }

  delete(container: string): void {
    this.#delete.run(container);
  }

  // ── ReporterStore ────────────────────────────────────────────────────────────────────
  getTracked(fingerprint: string): TrackedIssue | undefined {
    const row = this.#db.prepare<[string], { data: string }>('SELECT data FROM tracked_issues WHERE fingerprint = ?').get(fingerprint);
    return row ? (JSON.parse(row.data) as TrackedIssue) : undefined;
  }

  putTracked(tracked: TrackedIssue): void {
    this.#db
      .prepare(
        `INSERT INTO tracked_issues (fingerprint, issue_number, status, data) VALUES (?, ?, ?, ?)
         ON CONFLICT(fingerprint) DO UPDATE SET issue_number = excluded.issue_number, status = excluded.status, data = excluded.data`,
      )
      .run(tracked.fingerprint, tracked.issueNumber ?? null, tracked.status, JSON.stringify(tracked));
  }

  listTracked(): TrackedIssue[] {
    return this.#db
      .prepare<[], { data: string }>('SELECT data FROM tracked_issues ORDER BY fingerprint')
      .all()
      .map((r) => JSON.parse(r.data) as TrackedIssue);
  }

  enqueue(op: Omit<OutboxOp, 'id'>): OutboxOp {
    const info = this.#db.prepare('INSERT INTO outbox (fingerprint, kind, data) VALUES (?, ?, ?)').run(op.fingerprint, op.kind, JSON.stringify(op));
    return { ...op, id: Number(info.lastInsertRowid) };
  }

  head(): OutboxOp | undefined {
    const row = this.#db.prepare<[], { id: number; data: string }>('SELECT id, data FROM outbox ORDER BY id LIMIT 1').get();
    return row ? { ...(JSON.parse(row.data) as Omit<OutboxOp, 'id'>), id: row.id } : undefined;
  }

  updateOp(op: OutboxOp): void {
    const { id, ...data } = op;
    this.#db.prepare('UPDATE outbox SET data = ? WHERE id = ?').run(JSON.stringify(data), id);
  }

  removeOp(id: number): void {
    this.#db.prepare('DELETE FROM outbox WHERE id = ?').run(id);
  }

  outboxDepth(): number {
    return (this.#db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM outbox').get()?.n ?? 0);
  }

  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }

  indexBuilt(): boolean {
    return this.#db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get('index_built_at') !== undefined;
  }

  markIndexBuilt(at: string): void {
    this.#db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run('index_built_at', at);
  }

  close(): void {
    this.#db.close();
  }
}
