import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCached } from './code-cache';

describe('runCached', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'code-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the bundle; returns what it saw and the write it left for the exit, if any. */
  const run = (file: string, cache: string, input = 0): { seen: unknown; write: (() => void) | undefined } => {
    let write: (() => void) | undefined;
    const seen = runCached(file, cache, input, (w) => (write = w));
    return { seen, write };
  };

  it('runs the bundle as a module, keeps V8 code for it at exit, and loads it next time without writing again', () => {
    const file = join(dir, 'bundle.js');
    writeFileSync(file, "const path = require('node:path'); module.exports = [path.basename(__filename), path.basename(__dirname), typeof exports];");
    const cache = join(dir, 'cache');
    const first = run(file, cache);
    expect(first.seen).toEqual(['bundle.js', dir.split('/').pop(), 'object']);
    expect(first.write).toBeDefined();
    first.write?.();
    expect(readdirSync(cache)).toHaveLength(1);
    const second = run(file, cache);
    expect(second.seen).toEqual(first.seen);
    expect(second.write).toBeUndefined();
  });

  it('writes again over a cache V8 refuses, or when this run reads a larger file than the one that wrote it', () => {
    // A process of its own per run, as in use: V8 keeps what it compiled for the life of the
    // process and would not look at a cache for the same source twice.
    const file = join(dir, 'bundle.js');
    writeFileSync(file, 'module.exports = 2;');
    const cache = join(dir, 'cache');
    const input = join(dir, 'input.log');
    writeFileSync(input, 'x\n'.repeat(100));
    const inProcess = (stdin: string): { seen: unknown; wrote: boolean } => {
      const code = `const { runCached } = require(${JSON.stringify(join(__dirname, 'code-cache.ts'))}); let w; const seen = runCached(${JSON.stringify(file)}, ${JSON.stringify(cache)}, 0, (x) => (w = x)); if (w) w(); process.stdout.write(JSON.stringify({ seen, wrote: w !== undefined }));`;
      const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { stdio: [openSync(stdin, 'r'), 'pipe', 'pipe'], encoding: 'utf8' });
      if (result.status !== 0) throw new Error(result.stderr);
      return JSON.parse(result.stdout) as { seen: unknown; wrote: boolean };
    };
    const empty = join(dir, 'empty.log');
    writeFileSync(empty, '');
    expect(inProcess(empty)).toEqual({ seen: 2, wrote: true });
    expect(inProcess(empty)).toEqual({ seen: 2, wrote: false });
    const [name] = readdirSync(cache);
    writeFileSync(join(cache, name as string), Buffer.alloc(64, 7));
    expect(inProcess(empty)).toEqual({ seen: 2, wrote: true });
    expect(inProcess(empty)).toEqual({ seen: 2, wrote: false });
    // stdin a file larger than the empty one of the run that wrote it: this run may compile more
    expect(inProcess(input)).toEqual({ seen: 2, wrote: true });
    expect(inProcess(input)).toEqual({ seen: 2, wrote: false });
    expect(inProcess(empty)).toEqual({ seen: 2, wrote: false });
    // Another build of the bundle: its cache replaces the last one's, in the same file.
    writeFileSync(file, 'module.exports = 4;');
    expect(inProcess(empty)).toEqual({ seen: 4, wrote: true });
    expect(inProcess(empty)).toEqual({ seen: 4, wrote: false });
    expect(readdirSync(cache)).toEqual([name]);
  });

  it('runs as usual when the cache cannot be written', () => {
    const file = join(dir, 'bundle.js');
    writeFileSync(file, 'module.exports = 3;');
    // Under a file: no directory can be made there, not even by root.
    const cache = join(file, 'cache');
    const result = run(file, cache);
    expect(result.seen).toBe(3);
    expect(() => result.write?.()).not.toThrow();
    expect(run(file, cache).write).toBeDefined();
  });
});
