import { runAll } from './properties';

/** `npm run fuzz [-- --runs N --seed S]`: every property for its share of N (default 1 000 000). */
function main(argv: string[]): number {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const total = Number(arg('--runs') ?? 1_000_000);
  const seed = arg('--seed') === undefined ? Date.now() % 2 ** 31 : Number(arg('--seed'));
  if (!Number.isInteger(total) || total < 1 || !Number.isInteger(seed)) {
    process.stderr.write('usage: npm run fuzz -- [--runs N] [--seed S]\n');
    return 64;
  }
  process.stdout.write(`fuzz: ${total} cases, seed ${seed}\n`);
  const started = Date.now();
  const count = runAll(total, seed, (name, runs, ms) => process.stdout.write(`  ${runs.toString().padStart(8)} cases  ${(ms / 1000).toFixed(1).padStart(6)} s  ${name}\n`));
  process.stdout.write(`fuzz: ${count} cases passed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
