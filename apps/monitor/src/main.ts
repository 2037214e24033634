import { createReadStream } from 'node:fs';
import { classifyCommand } from './cli/classify-command';

const COMMANDS = ['run', 'classify', 'doctor', 'healthcheck'] as const;

async function main(argv: string[]): Promise<number> {
  const [command = 'run', ...rest] = argv;
  switch (command) {
    case 'classify':
      // `classify < big.log | head`: a reader that has seen enough is no error.
      process.stdout.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(0);
        throw error;
      });
      return classifyCommand(rest, {
        // Big reads: a file or pipe of logs is read in 1 MiB chunks, not the default 64 KiB.
        stdin: createReadStream('', { fd: 0, highWaterMark: 1 << 20 }),
        write: (text) => process.stdout.write(text),
        error: (text) => process.stderr.write(text),
      });
    case 'doctor': {
      const { doctorCommand } = await import('./cli/doctor-command');
      return doctorCommand(rest);
    }
    case 'healthcheck': {
      const { healthcheckCommand } = await import('./cli/healthcheck-command');
      return healthcheckCommand();
    }
    case 'run': {
      const { runCommand } = await import('./cli/run-command');
      return runCommand(rest);
    }
    default:
      process.stderr.write(`unknown command "${command}"; commands: ${COMMANDS.join(', ')}\n`);
      return 64;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`monitor: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
