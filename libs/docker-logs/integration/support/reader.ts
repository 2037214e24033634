/*
 * A reading process for the crash tests: follows the named containers and records every line
 * it is handed in the same SQLite transaction as the checkpoint. Runs until killed.
 * usage: tsx reader.ts <db> <name>[,<name>…]
 */
import Dockerode from 'dockerode';
import { SqliteStateStore } from '../../../state-store/src';
import { DockerLogSource } from '../../src';

const [dbPath = '', names = ''] = process.argv.slice(2);
const store = SqliteStateStore.open(dbPath);
store.database.exec('CREATE TABLE IF NOT EXISTS seen (container TEXT, stream TEXT, time TEXT, text TEXT)');
const insert = store.database.prepare('INSERT INTO seen VALUES (?, ?, ?, ?)');
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
