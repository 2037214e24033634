import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root. */
export const root = join(__dirname, '../../..');

/** A two-letter word for index `i` (fingerprints must differ in letters: digits are normalised). */
export function word(i: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return `${letters[Math.floor(i / 26) % 26] ?? 'a'}${letters[i % 26] ?? 'a'}`;
}

/** `nx serve monitor`'s command, as its node flags and arguments (the bench runs what users run). */
export function serveArgs(): string[] {
  const project = JSON.parse(readFileSync(join(root, 'apps/monitor/project.json'), 'utf8')) as { targets: { serve: { options: { command: string } } } };
  const [node, ...args] = project.targets.serve.options.command.split(' ');
  if (node !== 'node') throw new Error(`the serve command does not start with node: ${project.targets.serve.options.command}`);
  return args.map((a) => (a.startsWith('dist/') ? join(root, a) : a));
}

/** A process's peak resident set (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** CPU seconds a process has used (user and system), from /proc: steadier than its wall time on a shared machine. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat: 12 and 13 after the name.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
