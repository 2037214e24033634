import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations';
import { SqliteStateStore } from './sqlite-state-store';

const dir = (): string => mkdtempSync(join(tmpdir(), 'state-'));

describe('SqliteStateStore', () => {
  it('creates the database with the current schema, in WAL mode', () => {
    const store = SqliteStateStore.open(join(dir(), 'nested', 'state.db'));
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
    store.close();
  });

  it('saves, reloads and deletes checkpoints across reopen', () => {
    const path = join(dir(), 'state.db');
    const store = SqliteStateStore.open(path);
    const checkpoint = { stdout: { time: '2024-01-01T00:00:01.000000001Z', boundary: ['x'] } };
    store.commit('app', () => checkpoint);
    store.close();
    const again = SqliteStateStore.open(path);
    expect(again.load('app')).toEqual(checkpoint);
    again.delete('app');
    expect(again.load('app')).toBeUndefined();
    again.close();
  });

  it('rolls back the checkpoint when the work fails, and the work with it', () => {
    const store = SqliteStateStore.open(':memory:');
    store.database.exec('CREATE TABLE seen (line TEXT)');
    const insert = store.database.prepare('INSERT INTO seen VALUES (?)');
    expect(() =>
      store.commit('app', () => {
        insert.run('a');
        throw new Error('consumer failed');
      }),
    ).toThrow('consumer failed');
    expect(store.load('app')).toBeUndefined();
    expect(store.database.prepare('SELECT COUNT(*) AS n FROM seen').get()).toEqual({ n: 0 });
  });

  it('refuses a database from a newer version (STS_ERR_SCHEMA) and a corrupt file (STS_ERR_CORRUPT)', () => {
    const path = join(dir(), 'state.db');
    const store = SqliteStateStore.open(path);
    store.database.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    store.close();
    expect(() => SqliteStateStore.open(path)).toThrow(expect.objectContaining({ code: 'STS_ERR_SCHEMA' }));
    const bad = join(dir(), 'bad.db');
    writeFileSync(bad, 'this is not a database, just text that is long enough to have a header'.repeat(20));
    expect(() => SqliteStateStore.open(bad)).toThrow(expect.objectContaining({ code: 'STS_ERR_CORRUPT' }));
  });

  it('names the path when it cannot open (STS_ERR_OPEN)', () => {
    const file = join(dir(), 'file');
    writeFileSync(file, '');
    expect(() => SqliteStateStore.open(join(file, 'sub', 'state.db'))).toThrow(expect.objectContaining({ code: 'STS_ERR_OPEN' }));
  });

  it('reports a full file system as STS_ERR_FULL, and leaves the last checkpoint in place', () => {
    const store = SqliteStateStore.open(join(dir(), 'state.db'));
    store.commit('app', () => ({ stdout: { time: '2024-01-01T00:00:01Z', boundary: ['first'] } }));
    // SQLite's own page cap stands in for a full disk: the same SQLITE_FULL.
    store.database.pragma(`max_page_count = ${store.database.pragma('page_count', { simple: true }) as number}`);
    expect(() =>
      store.commit('app', () => {
        store.database.prepare('CREATE TABLE filler (x BLOB)').run();
        store.database.prepare('INSERT INTO filler VALUES (?)').run(Buffer.alloc(1 << 20));
        return { stdout: { time: '2024-01-01T00:00:02Z', boundary: ['second'] } };
      }),
    ).toThrow(expect.objectContaining({ code: 'STS_ERR_FULL' }));
    expect(store.load('app')).toEqual({ stdout: { time: '2024-01-01T00:00:01Z', boundary: ['first'] } });
  });

  it('reports a failed checkpoint write as STS_ERR_WRITE', () => {
    const store = SqliteStateStore.open(':memory:');
    store.database.pragma('query_only = ON');
    expect(() => store.commit('app', () => ({ stdout: { time: '2024-01-01T00:00:02Z', boundary: [] } }))).toThrow(
      expect.objectContaining({ code: 'STS_ERR_WRITE', message: expect.stringContaining('app') }),
    );
  });
});

describe('SqliteStateStore as the reporter\'s store', () => {
  const op = (fingerprint: string) => ({ fingerprint, kind: 'create' as const, createdAt: 'x', attempts: 0, notBefore: 'x', attempted: false, nonce: 'n' });
  it('keeps the outbox in order, updates and removes ops, and survives reopen', () => {
    const path = join(dir(), 'state.db');
    const store = SqliteStateStore.open(path);
    const a = store.enqueue(op('a'));
    store.enqueue(op('b'));
    expect(store.head()?.fingerprint).toBe('a');
    store.updateOp({ ...a, attempted: true, attempts: 2 });
    store.close();
    const again = SqliteStateStore.open(path);
    expect(again.head()).toMatchObject({ fingerprint: 'a', attempted: true, attempts: 2 });
    again.removeOp(a.id);
    expect([again.head()?.fingerprint, again.outboxDepth()]).toEqual(['b', 1]);
    again.close();
  });

  it('rolls back tracked issues and ops together', () => {
    const store = SqliteStateStore.open(':memory:');
    expect(() =>
      store.transaction(() => {
        store.enqueue(op('c'));
        throw new Error('crash');
      }),
    ).toThrow('crash');
    expect(store.outboxDepth()).toBe(0);
    expect(store.indexBuilt()).toBe(false);
    store.markIndexBuilt('2024-01-01T00:00:00Z');
    expect(store.indexBuilt()).toBe(true);
  });

  it("joins a checkpoint's commit: what a transaction inside it wrote stands or falls with the checkpoint", () => {
    const store = SqliteStateStore.open(':memory:');
    store.commit('app', () => {
      store.transaction(() => store.enqueue(op('kept')));
      return { stdout: { time: '2024-01-01T00:00:01Z', boundary: [] } };
    });
    expect(() =>
      store.commit('app', () => {
        store.transaction(() => store.enqueue(op('lost')));
        throw new Error('crash after the inner transaction');
      }),
    ).toThrow('crash after the inner transaction');
    expect([store.head()?.fingerprint, store.outboxDepth()]).toEqual(['kept', 1]);
    expect(store.load('app')).toEqual({ stdout: { time: '2024-01-01T00:00:01Z', boundary: [] } });
  });
});
