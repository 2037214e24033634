/*
 * Classification against grep and ripgrep, on three corpora, in one run. The baselines are
 * peers at their best: `grep -E -i -c` and `rg -i -c` with the fixed pattern file
 * (../shared/bench/grep-patterns.txt, what an engineer greps a Flask/MySQL/Redis stack for),
 * over the same file; each figure is the best of five runs, grep, rg and classify taken in
 * turn so that a noisy spell of the shared machine slows each of them. The classifier runs as users run it — `classify`, reading the file on
 * stdin, in a process of its own — with its default gate (Vectorscan when the addon is built),
 * with the JavaScript literal gate, and with none; all three must find the same events. Its
 * fixed cost (a process classifying an empty input) is printed beside. Not a test: it prints
 * figures; the last line is the ratio to the faster of grep and rg, the lowest over the corpora.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CORPORA, ensureCorpus, type CorpusName } from './corpora';

const LINES = Number(process.env['BENCH_LINES'] ?? 1_000_000);
const root = join(__dirname, '../../..');
const patterns = join(root, '../shared/bench/grep-patterns.txt');
const main = join(root, 'dist/apps/monitor/classify.js');
/**
 * How `npm run classify` starts Node (package.json): the variables it sets and Node's flags.
 * The bench runs the bundle the same way.
 */
const launch = (() => {
  const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['classify'] ?? '';
  const parts = /^((?:[A-Z_]+=\S* )*)node((?: --[\w-]+(?:=\S+)?)*) /.exec(script);
  if (parts === null) throw new Error(`package.json's classify script is not "[NAME=value …] node [--flags] <file>": ${script}`);
  const env: Record<string, string> = {};
  for (const assignment of (parts[1] ?? '').trim().split(' ').filter((a) => a !== '')) {
    const eq = assignment.indexOf('=');
    env[assignment.slice(0, eq)] = assignment.slice(eq + 1);
  }
  return { env, flags: (parts[2] ?? '').trim().split(' ').filter((f) => f !== '') };
})();
const nodeFlags = launch.flags;

interface Timing {
  readonly seconds: number;
  readonly count: number;
  readonly rssMb?: number;
}

/** Best of `runs`: a shared machine's noise only ever slows a run down. */
function best<T extends Timing>(runs: number, fn: () => T): T {
  let top: T | undefined;
  for (let i = 0; i < runs; i++) {
    const t = fn();
    if (top === undefined || t.seconds < top.seconds) top = t;
  }
  return top as T;
}

/** Runs made of each command compared with another. */
const RUNS = 5;

/** Best of `runs` of each of `fns`, run in turn (undefined: a command that is not there). */
function bestInTurn(runs: number, fns: ReadonlyArray<() => Timing | undefined>): Array<Timing | undefined> {
  const top: Array<Timing | undefined> = fns.map(() => undefined);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, k) => {
      const t = fn();
      const kept = top[k];
      if (t !== undefined && (kept === undefined || t.seconds < kept.seconds)) top[k] = t;
    });
  }
  return top;
}

function timed(cmd: string, args: string[]): Timing {
  const start = process.hrtime.bigint();
  const run = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${cmd} exited ${run.status}: ${run.stderr}`);
  return { seconds, count: Number(/\d+/.exec(run.stdout)?.[0] ?? 0) };
}

// Runs `classify` on the file as stdin, timing it and sampling its peak RSS (VmHWM) meanwhile.
const PROBE = `const { spawn } = require('node:child_process'); const fs = require('node:fs');
const [main, path, gate, ...flags] = process.argv.slice(1);
const args = [...flags, main, '--container', 'safework-app', '--summary', '--gate', gate];
const start = process.hrtime.bigint();
const c = spawn(process.execPath, args, { stdio: [fs.openSync(path, 'r'), 'pipe', 'inherit'] });
let out = ''; let peak = 0;
c.stdout.on('data', (d) => (out += d));
const hwm = () => { try { peak = Math.max(peak, Number(/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/' + c.pid + '/status', 'utf8'))[1])); } catch {} };
const t = setInterval(hwm, 10);
c.on('exit', (status) => { clearInterval(t); process.stdout.write(JSON.stringify({ seconds: Number(process.hrtime.bigint() - start) / 1e9, first: out.split('\\n')[0], status, peakKb: peak })); });`;

/** The classifier as users run it: its time, events, peak RSS and the gate it used. */
function classify(path: string, gate: 'auto' | 'literal' | 'none'): Timing & { gate: string } {
  const run = spawnSync(process.execPath, ['-e', PROBE, main, path, gate, ...nodeFlags], { encoding: 'utf8', env: { ...process.env, ...launch.env } });
  const r = JSON.parse(run.stdout) as { seconds: number; first: string; status: number; peakKb: number };
  if (r.status !== 0) throw new Error(`classify exited ${r.status}`);
  // "<lines> lines, <events> events, <n> fingerprints (gate: <name>)"
  const events = /^\d+ lines, (\d+) events/.exec(r.first)?.[1];
  return { seconds: r.seconds, count: Number(events ?? 0), rssMb: r.peakKb / 1024, gate: /\(gate: ([^)]*)\)/.exec(r.first)?.[1] ?? '?' };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

function main_(): void {
  if (!existsSync(main)) throw new Error('build the monitor first (npm run bench:classifier does)');
  const hasRg = spawnSync('rg', ['--version']).status === 0;
  const ratios: number[] = [];
  const empty = join(root, 'bench/corpus/empty.log');
  // A fresh clone has no corpus folder yet: the corpora are written on first use.
  mkdirSync(dirname(empty), { recursive: true });
  writeFileSync(empty, '');
  const fixed = best(5, () => classify(empty, 'auto'));
  console.log(`classify on an empty input (the process's fixed cost: Node, rules, gate): ${fixed.seconds.toFixed(2)} s, gate ${fixed.gate}; ${Object.entries(launch.env).map(([k, v]) => `${k}=${v} `).join('')}node ${nodeFlags.join(' ')} (as npm run classify)`);
  for (const name of Object.keys(CORPORA) as CorpusName[]) {
    const corpus = ensureCorpus(name, join(root, `bench/corpus/${name}-${LINES}.log`), LINES);
    const mb = corpus.bytes / 1e6;
    const lines = Number(execFileSync('wc', ['-l', corpus.path], { encoding: 'utf8' }).trim().split(' ')[0]);
    // The three in turn, RUNS times: a noisy spell on the shared machine falls on each of them.
    const [grep, rg, gated] = bestInTurn(RUNS, [
      () => timed('grep', ['-E', '-i', '-c', '-f', patterns, corpus.path]),
      () => (hasRg ? timed('rg', ['-i', '-c', '-f', patterns, corpus.path]) : undefined),
      () => classify(corpus.path, 'auto'),
    ]) as [Timing, Timing | undefined, Timing & { gate: string }];
    const literal = best(gated.gate === 'literal' ? 1 : 2, () => classify(corpus.path, 'literal'));
    const ungated = best(1, () => classify(corpus.path, 'none'));
    for (const other of [literal, ungated]) if (other.count !== gated.count) throw new Error(`${name}: ${gated.count} events with the ${gated.gate} gate, ${other.count} with ${other.gate}`);
    const row = (label: string, t: Timing, what: string): string =>
      `  ${label.padEnd(30)} ${fmt(lines / t.seconds).padStart(11)} lines/s ${(mb / t.seconds).toFixed(0).padStart(5)} MB/s  ${t.seconds.toFixed(2)} s  ${fmt(t.count)} ${what}${t.rssMb === undefined ? '' : `, peak RSS ${t.rssMb.toFixed(0)} MB`}`;
    console.log(`corpus ${name}: ${fmt(lines)} lines, ${mb.toFixed(0)} MB (${corpus.path})`);
    console.log(row('grep -E -i -c -f patterns', grep, 'matching lines'));
    if (rg) console.log(row('rg -i -c -f patterns', rg, 'matching lines'));
    console.log(row(`classify (${gated.gate} gate)`, gated, 'events'));
    if (gated.gate !== 'literal') console.log(row('classify --gate literal', literal, 'events'));
    console.log(row('classify --gate none', ungated, 'events'));
    const vsGrep = grep.seconds / gated.seconds;
    const vsRg = rg === undefined ? undefined : rg.seconds / gated.seconds;
    ratios.push(Math.min(vsGrep, vsRg ?? Infinity));
    const beyond = (t: Timing): string => `${fmt(lines / Math.max(t.seconds - fixed.seconds, 1e-3))} lines/s`;
    console.log(`  ratio: ${vsGrep.toFixed(2)}× grep${vsRg === undefined ? '' : `, ${vsRg.toFixed(2)}× rg`}; gate ${(ungated.seconds / gated.seconds).toFixed(1)}× no gate; beyond the fixed cost: classify ${beyond(gated)}`);
    console.log(`RESULT ${JSON.stringify({ figure: `classify, ${name} corpus (${fmt(lines)} lines, ${gated.gate} gate)`, value: Math.round(lines / gated.seconds), unit: 'lines/s', baseline: Math.round(lines / grep.seconds), baselineLabel: 'grep -E -i -c -f grep-patterns.txt', ratio: Number(vsGrep.toFixed(2)), target: '≥ 1.0× grep' })}`);
    if (rg) console.log(`RESULT ${JSON.stringify({ figure: `classify vs ripgrep, ${name} corpus`, value: Math.round(lines / gated.seconds), unit: 'lines/s', baseline: Math.round(lines / rg.seconds), baselineLabel: 'rg -i -c -f grep-patterns.txt', ratio: Number((vsRg ?? 0).toFixed(2)), target: '≥ 1.0× rg' })}`);
    console.log(`RESULT ${JSON.stringify({ figure: `classify peak RSS, ${name} corpus`, value: Math.round(gated.rssMb ?? 0), unit: 'MB', baseline: null, baselineLabel: '', ratio: null, target: 'flat in corpus size' })}`);
  }
  console.log(`RESULT ${JSON.stringify({ figure: 'classify on an empty input (fixed cost)', value: Number(fixed.seconds.toFixed(2)), unit: 's', baseline: null, baselineLabel: '', ratio: null, target: 'reported' })}`);
  console.log(`classifier_vs_grep_ratio=${Math.min(...ratios).toFixed(2)}`);
}

main_();
