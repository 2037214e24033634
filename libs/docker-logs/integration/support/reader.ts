/*
 * A reading process for the crash tests: follows the named containers and records every line
 * it is handed in the same SQLite transaction as the checkpoint. Runs until killed.
 * usage: tsx reader.ts <db> <name>[,<name>…]
 */
import Database from 'better-sqlite3';
import Dockerode from 'dockerode';
import { DockerLogSource, type Checkpoint, type CheckpointStore } from '../../src';

const [dbPath = '', names = ''] = process.argv.slice(2);
// The harness's own SQLite CheckpointStore: lines and checkpoint in one transaction.
const db = new Database(dbPath);
db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE IF NOT EXISTS seen (container TEXT, stream TEXT, time TEXT, text TEXT)');
db.exec('CREATE TABLE IF NOT EXISTS checkpoints (container TEXT PRIMARY KEY, checkpoint TEXT)');
const insert = db.prepare('INSERT INTO seen VALUES (?, ?, ?, ?)');
const save = db.prepare('INSERT OR REPLACE INTO checkpoints VALUES (?, ?)');
const load = db.prepare<[string], { checkpoint: string }>('SELECT checkpoint FROM checkpoints WHERE container = ?');
const store: CheckpointStore = {
  load: (c) => {
    const row = load.get(c);
    return row ? (JSON.parse(row.checkpoint) as Checkpoint) : undefined;
  },
  commit: (c, work) => db.transaction(() => {
    save.run(c, JSON.stringify(work()));
  })(),
  delete: (c) => void db.prepare('DELETE FROM checkpoints WHERE container = ?').run(c),
  checkpointed: () => db.prepare<[], { container: string }>('SELECT container FROM checkpoints').all().map((r) => r.container),
};
const wanted = names.split(',');
const source = new DockerLogSource({
  docker: new Dockerode({ socketPath: '/var/run/docker.sock' }),
  checkpoints: store,
  select: (name) => wanted.includes(name),
  maxBackoffMs: 1000,
  listener: {
    lines: (_c, lines) => {
      for (const l of lines) insert.run(l.container, l.stream, l.time, l.text);
    },
    error: (e) => process.stderr.write(`${e.code}: ${e.message}\n`),
    connection: (up) => process.stdout.write(`${up ? 'connected' : 'disconnected'}\n`),
  },
});
void source.start();
