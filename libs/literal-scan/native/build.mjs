// Builds the Vectorscan addon when the machine has what it needs (Debian: libvectorscan-dev,
// gcc); otherwise says so and exits 0 — `classify` then uses the JavaScript gate.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'build', 'literal_scan.node');
const nodeDir = process.env.npm_config_nodedir || dirname(dirname(process.execPath));
const nodeInclude = join(nodeDir, 'include', 'node');
const hsHeader = ['/usr/include/hs/hs.h', '/usr/local/include/hs/hs.h'].find((p) => existsSync(p));
const strict = process.argv.includes('--strict');
const copyTo = process.argv.includes('--copy-to') ? process.argv[process.argv.indexOf('--copy-to') + 1] : undefined;

// `--copy-to <dir>`: a bundle's build puts the addon beside the bundle (when it is built).
if (copyTo !== undefined) {
  if (existsSync(out)) copyFileSync(out, join(copyTo, 'literal_scan.node'));
  else rmSync(join(copyTo, 'literal_scan.node'), { force: true });
  process.exit(0);
}

function skip(reason) {
  console.log(`literal-scan: not built (${reason}); classify uses the JavaScript gate`);
  process.exit(strict ? 1 : 0);
}

if (hsHeader === undefined) skip('no Vectorscan headers: apt-get install libvectorscan-dev');
if (!existsSync(join(nodeInclude, 'node_api.h'))) skip(`no Node headers in ${nodeInclude}`);
// Debian's g++ (which better-sqlite3 needs) compiles C with -x c when there is no cc.
const compiler = [['cc'], ['gcc'], ['g++', '-x', 'c']].find(([c]) => spawnSync(c, ['--version']).status === 0);
if (compiler === undefined) skip('no C compiler');
mkdirSync(dirname(out), { recursive: true });
const sources = readdirSync(here).filter((f) => f.endsWith('.c')).map((f) => join(here, f));
try {
  const [cc, ...lang] = compiler;
  execFileSync(cc, [...lang, '-shared', '-fPIC', '-O2', '-std=c11', '-Wall', '-Wextra', '-Werror', '-pthread', `-I${nodeInclude}`, `-I${dirname(dirname(hsHeader))}`, ...sources, '-x', 'none', '-lhs', '-o', out], { stdio: 'inherit' });
} catch {
  skip('the compiler failed');
}
console.log(`literal-scan: built ${out}`);
