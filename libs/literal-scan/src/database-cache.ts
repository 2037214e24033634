import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hash64, type GateLiteral } from '@safework/classifier';
import { confirmTables } from './confirm-tables';
import type { LiteralScanBinding, NativeDatabase } from './literal-scan-binding';

/**
 * Where compiled literal sets are kept: `$XDG_CACHE_HOME/safework-monitor/literal-scan`, else
 * `$HOME/.cache/…`, else the temp directory. From the environment, as `os.homedir()` and
 * `os.tmpdir()` read it on Linux: `classify` starts without `node:os` (1.3 ms).
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = env['HOME'];
  const base = env['XDG_CACHE_HOME'] || (home ? join(home, '.cache') : env['TMPDIR'] || '/tmp');
  return join(base, 'safework-monitor', 'literal-scan');
}

/**
 * Compiling a few hundred caseless literals takes Vectorscan ~0.1 s, as long as scanning
 * 100 MB; a set compiled once is kept, keyed by the literals and the library's version, and
 * loaded in a millisecond next time. The cache is only a cache: a file that is missing,
 * unreadable or not a database means compiling again, and a directory that cannot be written
 * means compiling every time. A file is named by a 64-bit hash of its key and holds the key,
 * checked on load: a collision compiles again, never loads another set (`node:crypto`'s SHA-256
 * cost 3.5 ms of `classify`'s start to load).
 */
export function compileCached(binding: LiteralScanBinding, literals: readonly GateLiteral[], cacheDir: string | undefined, tables = confirmTables(literals)): NativeDatabase {
  const texts = literals.map((l) => l.text);
  const caseless = literals.map((l) => !l.caseSensitive);
  const { kinds, confirm } = tables;
  if (cacheDir === undefined) return binding.compile(texts, caseless, kinds, confirm);
  const key = Buffer.from(JSON.stringify([binding.version(), texts, caseless]));
  const file = join(cacheDir, `${hash64(key.toString('latin1'))}.hsdb`);
  try {
    const bytes = readFileSync(file);
    const length = bytes.length >= 4 ? bytes.readUInt32LE(0) : -1;
    if (length === key.length && bytes.subarray(4, 4 + length).equals(key)) return binding.deserialize(bytes.subarray(4 + length), kinds, confirm);
  } catch {
    // not cached yet, or not a database: compile
  }
  const db = binding.compile(texts, caseless, kinds, confirm);
  try {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    const head = Buffer.alloc(4);
    head.writeUInt32LE(key.length, 0);
    writeFileSync(tmp, Buffer.concat([head, key, binding.serialize(db)]));
    renameSync(tmp, file);
  } catch {
    // a read-only home or a full disk costs a compile per run, nothing else
  }
  return db;
}
