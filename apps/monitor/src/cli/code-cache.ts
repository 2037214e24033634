import { fstatSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { hash64 } from '@safework/classifier';

/** How a CommonJS file is wrapped to run as a module (Node's own wrapper). */
const wrap = (source: string): string => `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;

/**
 * Bytes before the cached data, three doubles: the bundle's size and time when the cache was
 * written (another build of it is another bundle), and the size of the input the run read.
 */
const HEAD = 24;

/**
 * Runs a CommonJS bundle with V8's code cache for it kept in `cacheDir`: the bytecode of every
 * function a run compiled, so the next one does not parse and compile them again as it first
 * calls each (5 ms of a `classify` run over 86 MB). The cache is only a cache: a missing,
 * unreadable or refused one (another Node, other V8 flags) means compiling as usual; an
 * unwritable directory costs only that. It is written at exit, once the run has compiled what
 * it uses: when there was none, when V8 refused it, or when this run's input (a file as stdin)
 * was larger than the one of the run that wrote it, which may have compiled less (an empty
 * input compiles no classification). A cache file is named by the bundle's path and Node's
 * version and flags, and holds the bundle's size and time: a rebuilt bundle overwrites its
 * file instead of leaving one per build. Returns what the bundle exports.
 */
export function runCached(file: string, cacheDir: string, input = 0, atExit: (write: () => void) => void = (write) => process.once('exit', write)): unknown {
  const source = readFileSync(file, 'utf8');
  let cacheFile: string | undefined;
  let bundle = [0, 0];
  let kept: Buffer | undefined;
  try {
    const st = statSync(file);
    bundle = [st.size, st.mtimeMs];
    cacheFile = join(cacheDir, `${hash64([file, process.version, ...process.execArgv].join('\u0000'))}.v8cache`);
    kept = readFileSync(cacheFile);
  } catch {
    kept = undefined;
  }
  // Written for this build of the bundle, else as good as none.
  const current = kept !== undefined && kept.length > HEAD && kept.readDoubleLE(0) === bundle[0] && kept.readDoubleLE(8) === bundle[1] ? kept : undefined;
  const cachedData = current?.subarray(HEAD);
  const script = new Script(wrap(source), { filename: file, ...(cachedData === undefined ? {} : { cachedData }) });
  const size = inputSize(input);
  if (cacheFile !== undefined && (current === undefined || script.cachedDataRejected === true || size > current.readDoubleLE(16))) {
    const path = cacheFile;
    atExit(() => {
      const head = Buffer.alloc(HEAD);
      head.writeDoubleLE(bundle[0] as number, 0);
      head.writeDoubleLE(bundle[1] as number, 8);
      head.writeDoubleLE(size, 16);
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
