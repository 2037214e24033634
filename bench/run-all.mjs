// Runs every benchmark in turn and writes bench/RESULTS.md: each figure with its same-run
// baseline and ratio, the machine and the date. Each benchmark prints its own details too.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const benches = ['bench:classifier', 'bench:docker-logs', 'bench:monitor', 'bench:health-api'];
const rows = [];
for (const name of benches) {
  process.stdout.write(`\n=== npm run ${name}\n`);
  const run = spawnSync('npm', ['run', '-s', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(run.stdout);
  const lines = run.stdout.trim().split('\n');
  rows.push({ name, status: run.status, last: lines.at(-1) ?? '', detail: lines.slice(0, -1) });
}
const cpu = cpus();
const out = [
  '# Benchmark results',
  '',
  `Date: ${new Date().toISOString()} · Machine: ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'} · Node ${process.version}`,
  '',
  '| benchmark | result (last line) | exit |',
  '| --- | --- | --- |',
  ...rows.map((r) => `| \`npm run ${r.name}\` | \`${r.last}\` | ${r.status} |`),
  '',
  ...rows.flatMap((r) => [`## ${r.name}`, '', '```', ...r.detail, r.last, '```', '']),
];
writeFileSync(join(import.meta.dirname, 'RESULTS.md'), `${out.join('\n')}\n`);
process.stdout.write(`\nwrote bench/RESULTS.md\n`);
process.exitCode = rows.some((r) => r.status !== 0) ? 1 : 0;
