// `classify` alone, as its own bundle, without the daemon's dependencies (Docker, GitHub,
// SQLite, Fastify): measured here, `--help` takes 0.20 s this way and 0.24 s through main.js
// (Node alone: 0.12 s).
//
// `npm run classify` starts Node with `--no-turbo-inlining`: a run lasts a few tenths of a
// second, and on two cores the optimizing compiler's threads take CPU from the scan; without
// inlining it compiles smaller graphs, fewer times over (5–7 % less wall time on each bench
// corpus, 10 % less CPU), and with `--no-regexp-tier-up`: each pattern compiled to machine code
// once, on its first run, not to bytecode first (2–7 % less). On the command line, not set
// here: `node:v8` costs 3 ms to load.
import { classifyProcess } from './cli/classify-process';
import { exitWith } from './cli/exit-with';

exitWith('classify', classifyProcess(process.argv.slice(2)));
