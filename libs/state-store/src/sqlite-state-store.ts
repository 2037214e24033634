import type Database from 'better-sqlite3';
import type { Checkpoint, CheckpointStore, ContainerSample } from '@safework/docker-logs';
import type { OutboxOp, ReporterStore, TrackedIssue } from '@safework/github-reporter';
import { StateStoreError } from './errors';
import { openDatabase } from './open-database';
import type { ErrorCountRow, IncidentRow, MonitorStateReader, MonitorStateStore, NewIncident } from './shared/monitor-store';
import { containerSampleSchema, monitorStatusSchema, toStoredSample, type Heartbeat, type MonitorStatusInput, type StoredContainerSample } from './shared/monitor-state';

export interface SqliteStateStoreOptions {
  /** Open read-only (the health API reads the monitor's state). */
  readonly readonly?: boolean;
  /** Clock for `updated_at` columns; injected so tests control it. */
  readonly now?: () => Date;
}

/**
 * The embedded state store: SQLite through better-sqlite3 in WAL mode, one file for every
 * tenant: it implements docker-logs' `CheckpointStore`, the reporter's `ReporterStore`, and
 * the monitor's `MonitorStateStore` (read back through `MonitorStateReader` by the health
 * API). Writes made inside `commit`'s `work` share the checkpoint's transaction, which is what
 * makes counting and reporting exactly-once across a crash.
 */
export class SqliteStateStore implements CheckpointStore, ReporterStore, MonitorStateStore, MonitorStateReader {
  readonly #db: Database.Database;
  readonly #now: () => Date;
  readonly #load: Database.Statement<[string], { checkpoint: string }>;
  readonly #save: Database.Statement<[string, string, string]>;
  readonly #delete: Database.Statement<[string]>;
  readonly #countEvent: Database.Statement<[string, string, string, string, number]>;

  private constructor(db: Database.Database, now: () => Date) {
    this.#db = db;
    this.#now = now;
    this.#load = db.prepare('SELECT checkpoint FROM checkpoints WHERE container = ?');
    this.#save = db.prepare(
      `INSERT INTO checkpoints (container, checkpoint, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(container) DO UPDATE SET checkpoint = excluded.checkpoint, updated_at = excluded.updated_at`,
    );
    this.#delete = db.prepare('DELETE FROM checkpoints WHERE container = ?');
    this.#countEvent = db.prepare(
      `INSERT INTO error_counts (hour, container, type, severity, count) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(hour, container, type, severity) DO UPDATE SET count = count + excluded.count`,
    );
  }

  /** Opens (creating if needed) the database at `path` and brings its schema up to date. */
  static open(path: string, options: SqliteStateStoreOptions = {}): SqliteStateStore {
    return new SqliteStateStore(openDatabase(path, options.readonly === true), options.now ?? (() => new Date()));
  }

  // Statements are prepared once: preparing parses the SQL, which cost more than running it
  // on the error path (a flood runs these per chunk).
  readonly #statements = new Map<string, Database.Statement>();
  #sql<P extends unknown[] | object = unknown[], R = unknown>(source: string): Database.Statement<P, R> {
    let statement = this.#statements.get(source);
    if (statement === undefined) {
      statement = this.#db.prepare(source);
      this.#statements.set(source, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
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

  commit(container: string, work: () => Checkpoint): void {
    try {
      this.#db.transaction(() => {
        const checkpoint = work();
        this.#save.run(container, JSON.stringify(checkpoint), this.#now().toISOString());
      })();
    } catch (error) {
      // By its code, not `instanceof Error`: the driver's errors may come from another realm.
      const sqlite = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_') ? error.code : undefined;
      if (sqlite !== undefined) {
        // A full disk has its own code: the fix (free space) differs from a read-only one.
        const code = sqlite === 'SQLITE_FULL' ? 'STS_ERR_FULL' : 'STS_ERR_WRITE';
        throw new StateStoreError(code, `cannot save checkpoint of ${container}: ${String((error as { message?: unknown }).message)}`, { cause: error });
      }
      throw error;
    }
  }

  delete(container: string): void {
    this.#delete.run(container);
  }

  checkpointed(): string[] {
    return this.#sql<[], { container: string }>('SELECT container FROM checkpoints ORDER BY container').all().map((r) => r.container);
  }

  // ── ReporterStore ────────────────────────────────────────────────────────────────────
  getTracked(fingerprint: string): TrackedIssue | undefined {
    const row = this.#sql<[string], { data: string }>('SELECT data FROM tracked_issues WHERE fingerprint = ?').get(fingerprint);
    return row ? (JSON.parse(row.data) as TrackedIssue) : undefined;
  }

  putTracked(tracked: TrackedIssue): void {
    this.#sql(
        `INSERT INTO tracked_issues (fingerprint, issue_number, status, data) VALUES (?, ?, ?, ?)
         ON CONFLICT(fingerprint) DO UPDATE SET issue_number = excluded.issue_number, status = excluded.status, data = excluded.data`,
      )
      .run(tracked.fingerprint, tracked.issueNumber ?? null, tracked.status, JSON.stringify(tracked));
  }

  deleteTracked(fingerprint: string): void {
    this.#sql('DELETE FROM tracked_issues WHERE fingerprint = ?').run(fingerprint);
  }

  listTracked(): TrackedIssue[] {
    return this.#sql<[], { data: string }>('SELECT data FROM tracked_issues ORDER BY fingerprint')
      .all()
      .map((r) => JSON.parse(r.data) as TrackedIssue);
  }

  enqueue(op: Omit<OutboxOp, 'id'>): OutboxOp {
    const info = this.#sql('INSERT INTO outbox (fingerprint, kind, data) VALUES (?, ?, ?)').run(op.fingerprint, op.kind, JSON.stringify(op));
    return { ...op, id: Number(info.lastInsertRowid) };
  }

  head(): OutboxOp | undefined {
    const row = this.#sql<[], { id: number; data: string }>('SELECT id, data FROM outbox ORDER BY id LIMIT 1').get();
    return row ? { ...(JSON.parse(row.data) as Omit<OutboxOp, 'id'>), id: row.id } : undefined;
  }

  updateOp(op: OutboxOp): void {
    const { id, ...data } = op;
    this.#sql('UPDATE outbox SET data = ? WHERE id = ?').run(JSON.stringify(data), id);
  }

  removeOp(id: number): void {
    this.#sql('DELETE FROM outbox WHERE id = ?').run(id);
  }

  outboxDepth(): number {
    return (this.#sql<[], { n: number }>('SELECT COUNT(*) AS n FROM outbox').get()?.n ?? 0);
  }

  /**
   * Runs `fn` in a transaction. Inside one already open (a checkpoint's commit) it joins it
   * rather than opening a savepoint: a throw rolls the whole commit back either way (nothing
   * inside a commit catches one and goes on), and a flood saved a savepoint per batch.
   */
  transaction<T>(fn: () => T): T {
    if (this.#db.inTransaction) return fn();
    return this.#db.transaction(fn)();
  }

  indexBuilt(): boolean {
    return this.#sql<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get('index_built_at') !== undefined;
  }

  markIndexBuilt(at: string): void {
    this.#sql('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run('index_built_at', at);
  }

  // ── Monitor figures (read by the health API) ─────────────────────────────────────────
  /** Counts `count` detected events in `at`'s UTC hour. */
  countEvent(at: Date, container: string, type: string, severity: string, count = 1): void {
    this.#countEvent.run(at.toISOString().slice(0, 13), container, type, severity, count);
  }

  /** Counts per hour since `from` (inclusive), by container, type and severity. */
  errorCounts(from: Date): ErrorCountRow[] {
    return this.#sql<[string], ErrorCountRow>('SELECT hour, container, type, severity, count FROM error_counts WHERE hour >= ? ORDER BY hour')
      .all(from.toISOString().slice(0, 13));
  }

  /** All-time counts by container, type and severity (`hour` is "all"). */
  errorTotals(): ErrorCountRow[] {
    return this.#sql<[], ErrorCountRow>(`SELECT 'all' AS hour, container, type, severity, SUM(count) AS count FROM error_counts GROUP BY container, type, severity ORDER BY container, type, severity`)
      .all();
  }

  /** Opens an incident unless one of the same container and type is open; returns its id. */
  openIncident(incident: NewIncident): number {
    const open = this.#sql<[string, string], { id: number }>('SELECT id FROM incidents WHERE container = ? AND type = ? AND recovered_at IS NULL')
      .get(incident.container, incident.type);
    if (open) return open.id;
    return Number(
      this.#sql('INSERT INTO incidents (container, type, fingerprint, message, started_at) VALUES (?, ?, ?, ?, ?)')
        .run(incident.container, incident.type, incident.fingerprint, incident.message, incident.startedAt).lastInsertRowid,
    );
  }

  /** Records a recovery (nothing is closed on GitHub). */
  recoverIncidents(container: string, type: string, at: string): number {
    return this.#sql('UPDATE incidents SET recovered_at = ? WHERE container = ? AND type = ? AND recovered_at IS NULL').run(at, container, type).changes;
  }

  incidents(limit = 50): IncidentRow[] {
    return this.#sql<[number], IncidentRow>(
        `SELECT i.id, i.container, i.type, i.fingerprint, i.message, i.started_at AS startedAt, i.recovered_at AS recoveredAt,
                t.issue_number AS issueNumber, json_extract(t.data, '$.url') AS issueUrl
           FROM incidents i LEFT JOIN tracked_issues t ON t.fingerprint = i.fingerprint
          ORDER BY i.id DESC LIMIT ?`,
      )
      .all(limit);
  }

  /** Replaces the container samples (containers no longer present disappear). */
  saveContainers(samples: readonly ContainerSample[], at: string): void {
    this.#db.transaction(() => {
      this.#sql('DELETE FROM containers').run();
      const insert = this.#sql('INSERT INTO containers (name, sample, updated_at) VALUES (?, ?, ?)');
      for (const s of samples) insert.run(s.snapshot.name, JSON.stringify(toStoredSample(s)), at);
    })();
  }

  /** The last samples; one written by a version whose shape this one cannot read is left out. */
  containers(): Array<{ name: string; sample: StoredContainerSample; updatedAt: string }> {
    const out: Array<{ name: string; sample: StoredContainerSample; updatedAt: string }> = [];
    for (const r of this.#sql<[], { name: string; sample: string; updated_at: string }>('SELECT name, sample, updated_at FROM containers ORDER BY name').all()) {
      const sample = containerSampleSchema.safeParse(JSON.parse(r.sample));
      if (sample.success) out.push({ name: r.name, sample: sample.data, updatedAt: r.updated_at });
    }
    return out;
  }

  writeHeartbeat(component: string, at: string, status: MonitorStatusInput): void {
    this.#sql('INSERT OR REPLACE INTO heartbeat (component, at, status) VALUES (?, ?, ?)').run(component, at, JSON.stringify(monitorStatusSchema.parse(status)));
  }

  /** The component's last heartbeat; undefined when there is none it can read. */
  heartbeat(component: string): Heartbeat | undefined {
    const row = this.#sql<[string], { at: string; status: string }>('SELECT at, status FROM heartbeat WHERE component = ?').get(component);
    if (row === undefined) return undefined;
    const status = monitorStatusSchema.safeParse(JSON.parse(row.status));
    return status.success ? { at: row.at, status: status.data } : undefined;
  }

  close(): void {
    this.#db.close();
  }
}
