// `classify` alone, as its own bundle: without the daemon's dependencies (Docker, GitHub,
// SQLite, Fastify) it starts in a third of the time, which on a 100 MB log is most of the run.
import { classifyProcess } from './cli/classify-process';

classifyProcess(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`classify: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
