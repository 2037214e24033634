import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GateLiteral } from '@safework/classifier';
import { confirmTables } from './confirm-tables';
import type { LiteralScanBinding, NativeDatabase } from './literal-scan-binding';

/**
 * Where compiled literal sets are kept: `$XDG_CACHE_HOME/safework-monitor/literal-scan`, else
 * `~/.cache/…`, else the temp directory.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_CACHE_HOME'] || (homedir() ? join(homedir(), '.cache') : tmpdir());
  return join(base, 'safework-monitor', 'literal-scan');
}

/**
 * Compiling a few hundred caseless literals takes Vectorscan ~0.1 s, as long as scanning
 * 100 MB; a set compiled once is kept, keyed by the literals and the library's version, and
 * loaded in a millisecond next time. The cache is only a cache: a file that is missing,
 * unreadable or not a database means compiling again, and a directory that cannot be written
 * means compiling every time.
 */
export function compileCached(binding: LiteralScanBinding, literals: readonly GateLiteral[], cacheDir: string | undefined, tables = confirmTables(literals)): NativeDatabase {
  const texts = literals.map((l) => l.text);
  const caseless = literals.map((l) => !l.caseSensitive);
  const { kinds, confirm } = tables;
  if (cacheDir === undefined) return binding.compile(texts, caseless, kinds, confirm);
  const key = createHash('sha256').update(JSON.stringify([binding.version(), texts, caseless])).digest('hex').slice(0, 32);
  const file = join(cacheDir, `${key}.hsdb`);
  try {
    return binding.deserialize(readFileSync(file), kinds, confirm);
  } catch {
    // not cached yet, or not a database: compile
  }
  const db = binding.compile(texts, caseless, kinds, confirm);
  try {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, binding.serialize(db));
    renameSync(tmp, file);
  } catch {
    // a read-only home or a full disk costs a compile per run, nothing else
  }
  return db;
}
