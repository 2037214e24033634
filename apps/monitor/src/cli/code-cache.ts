import { fstatSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { hash64 } from '@safework/classifier';

/** How a CommonJS file is wrapped to run as a module (Node's own wrapper). */
const wrap = (source: string): string => `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;

/** Bytes before the cached data: the size of the input the run that wrote it read (a double). */
const HEAD = 8;

/**
 * Runs a CommonJS bundle with V8's code cache for it kept in `cacheDir`: the bytecode of every
 * function a run compiled, so the next one does not parse and compile them again as it first
 * calls each (5 ms of a `classify` run over 86 MB). The cache is only a cache: a missing,
 * unreadable or refused one (another Node, other V8 flags) means compiling as usual; an
 * unwritable directory costs only that. It is written at exit, once the run has compiled what
 * it uses: when there was none, when V8 refused it, or when this run's input (a file as stdin)
 * was larger than the one of the run that wrote it, which may have compiled less (an empty
 * input compiles no classification). A cache file is named by the bundle (path, size, time)
 * and Node's version and flags. Returns what the bundle exports.
 */
export function runCached(file: string, cacheDir: string, input = 0, atExit: (write: () => void) => void = (write) => process.once('exit', write)): unknown {
  const source = readFileSync(file, 'utf8');
  let cacheFile: string | undefined;
  let kept: Buffer | undefined;
  try {
    const st = statSync(file);
    cacheFile = join(cacheDir, `${hash64([file, st.size, st.mtimeMs, process.version, ...process.execArgv].join('\u0000'))}.v8cache`);
    kept = readFileSync(cacheFile);
  } catch {
    kept = undefined;
  }
  const cachedData = kept !== undefined && kept.length > HEAD ? kept.subarray(HEAD) : undefined;
  const script = new Script(wrap(source), { filename: file, ...(cachedData === undefined ? {} : { cachedData }) });
  const size = inputSize(input);
  if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true || size > (kept as Buffer).readDoubleLE(0))) {
    const path = cacheFile;
    atExit(() => {
      const head = Buffer.alloc(HEAD);
      head.writeDoubleLE(size, 0);
      keep(path, Buffer.concat([head, script.createCachedData()]));
    });
  }
  const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  const module = { exports: {} };
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

/** The size of the file `fd` reads, or 0 for anything else. */
function inputSize(fd: number): number {
  try {
    const st = fstatSync(fd);
    return st.isFile() ? st.size : 0;
  } catch {
    return 0;
  }
}

function keep(path: string, bytes: Buffer): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    // Written whole under another name, then renamed: a reader never sees half a file.
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch {
    // a read-only home or a full disk costs compiling as usual next time, nothing else
  }
}
