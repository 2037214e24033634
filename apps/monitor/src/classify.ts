// `classify` alone, as its own bundle, without the daemon's dependencies (Docker, GitHub,
// SQLite, Fastify): measured here, `--help` takes 0.20 s this way and 0.24 s through main.js
// (Node alone: 0.12 s).
import { classifyProcess } from './cli/classify-process';
import { exitWith } from './cli/exit-with';

exitWith('classify', classifyProcess(process.argv.slice(2)));
