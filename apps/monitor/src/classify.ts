// `classify` alone, as its own bundle, without the daemon's dependencies (Docker, GitHub,
// SQLite, Fastify): measured here, `--help` takes 0.20 s this way and 0.24 s through main.js
// (Node alone: 0.12 s).
import { setFlagsFromString } from 'node:v8';
import { classifyProcess } from './cli/classify-process';
import { exitWith } from './cli/exit-with';

// A run lasts a few tenths of a second, and on two cores the optimizing compiler's threads take
// CPU from the scan: without inlining it compiles smaller graphs, fewer times over. Measured
// here, 5–7 % less wall time on each bench corpus (quiet 0.28 → 0.26 s), 10 % less CPU.
// Set before any function is hot enough to be optimized; the daemon keeps V8's defaults.
setFlagsFromString('--no-turbo-inlining');

exitWith('classify', classifyProcess(process.argv.slice(2)));
