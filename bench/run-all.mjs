// Runs every benchmark in turn and writes bench/RESULTS.md: each figure with its same-run
// baseline and ratio, the machine and the date. Each benchmark prints its own details too, and
// one `RESULT {json}` line per figure, which is what the table is made of.
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const benches = ['bench:classifier', 'bench:docker-logs', 'bench:monitor', 'bench:multi-host', 'bench:health-api'];
const runs = [];
for (const name of benches) {
  process.stdout.write(`\n=== npm run ${name}\n`);
  const started = Date.now();
  const run = spawnSync('npm', ['run', '-s', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(run.stdout);
  const lines = run.stdout.trim().split('\n');
  const results = lines.filter((l) => l.startsWith('RESULT ')).map((l) => JSON.parse(l.slice(7)));
  runs.push({ name, status: run.status, seconds: Math.round((Date.now() - started) / 1000), results, detail: lines.filter((l) => !l.startsWith('RESULT ')) });
}
const cpu = cpus();
const num = (v) => (typeof v === 'number' ? v.toLocaleString('en-US') : v ?? '—');
const out = [
  '# Benchmark results',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString()}.`,
  `Machine: ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}.`,
  'Every baseline was measured in the same run, on the same machine, right before the figure it is compared with.',
  '',
  '| benchmark | figure | value | baseline (same run) | ratio | target |',
  '| --- | --- | --- | --- | --- | --- |',
  ...runs.flatMap((r) =>
    r.results.length === 0
      ? [`| \`${r.name}\` | (no result; exit ${r.status}) | | | | |`]
      : r.results.map((x) => `| \`${r.name}\` | ${x.figure} | ${num(x.value)} ${x.unit} | ${x.baseline === null ? '—' : `${num(x.baseline)} ${x.unit} (${x.baselineLabel})`} | ${x.ratio === null ? '—' : `${x.ratio}×`} | ${x.target || '—'} |`),
  ),
  '',
  ...runs.flatMap((r) => [`## ${r.name} (exit ${r.status}, ${r.seconds} s)`, '', '```', ...r.detail, '```', '']),
];
writeFileSync(join(import.meta.dirname, 'RESULTS.md'), `${out.join('\n')}\n`);
process.stdout.write(`\nwrote bench/RESULTS.md\n`);
process.exitCode = runs.some((r) => r.status !== 0) ? 1 : 0;
