import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GateLiteral } from '@safework/classifier';
import { compileCached, defaultCacheDir } from './database-cache';
import { loadLiteralScan, type LiteralScanBinding } from './literal-scan-binding';

const loaded = loadLiteralScan({});
const describeNative = 'binding' in loaded || existsSync('/usr/include/hs/hs.h') ? describe : describe.skip;

const literal = (text: string): GateLiteral => ({ text, caseSensitive: false, also: [], free: true });

describe('defaultCacheDir', () => {
  it('follows XDG_CACHE_HOME, then HOME, then the temp directory', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/safework-monitor/literal-scan');
    expect(defaultCacheDir({ HOME: '/h' })).toBe('/h/.cache/safework-monitor/literal-scan');
    expect(defaultCacheDir({ TMPDIR: '/t' })).toBe('/t/safework-monitor/literal-scan');
    expect(defaultCacheDir({})).toBe('/tmp/safework-monitor/literal-scan');
  });
});

describeNative('compileCached', () => {
  const binding = (loaded as { binding: LiteralScanBinding }).binding;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'database-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('never loads the set of other literals from a file of the same name', () => {
    const text = Buffer.from('redis down\nmysql down\n');
    // Where each hit ends: the last byte of the literal.
    const hits = (literals: GateLiteral[]): number[] => {
      const out = new Uint32Array(64);
      const n = binding.scan(compileCached(binding, literals, dir), text, text.length, out);
      return [...out.subarray(0, n)].filter((_, i) => i % 2 === 0);
    };
    expect(hits([literal('redis')])).toEqual([4]);
    const [redis] = readdirSync(dir);
    expect(hits([literal('mysql')])).toEqual([15]);
    const mysql = readdirSync(dir).find((name) => name !== redis) as string;
    // Names are a 64-bit hash of the key: a collision is simulated by copying one over the other.
    copyFileSync(join(dir, redis as string), join(dir, mysql));
    expect(hits([literal('mysql')])).toEqual([15]);
    expect(hits([literal('redis')])).toEqual([4]);
  });
});
