import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StateStoreError } from './errors';
import { MIGRATIONS } from './migrations';

/**
 * Opens the state database at `path`: read-only for a reader (the health API), else created if
 * needed, in WAL mode, and migrated to the schema this version knows. A file that is not a
 * database is `STS_ERR_CORRUPT`; one from a newer version is `STS_ERR_SCHEMA`.
 */
export function openDatabase(path: string, readonly: boolean): Database.Database {
  let db: Database.Database;
  try {
    if (readonly) {
      db = new Database(path, { readonly: true, fileMustExist: true });
      db.pragma('busy_timeout = 5000');
      return db;
    }
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across process crashes in WAL mode; only a power cut can lose the
    // last commits, never corrupt the file. https://www.sqlite.org/pragma.html#pragma_synchronous
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    // better-sqlite3 opens any file; the first pragma is where a non-database shows itself.
    const sqliteCode = (error as { code?: unknown }).code;
    if (sqliteCode === 'SQLITE_NOTADB' || sqliteCode === 'SQLITE_CORRUPT') {
      throw new StateStoreError('STS_ERR_CORRUPT', `state database ${path} is corrupt: ${(error as Error).message}`, { cause: error });
    }
    throw new StateStoreError('STS_ERR_OPEN', `cannot open state database ${path}: ${(error as Error).message}`, { cause: error });
  }
  migrate(db, path);
  return db;
}

function migrate(db: Database.Database, path: string): void {
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
