import { classifyProcess } from './cli/classify-process';
import { exitWith } from './cli/exit-with';

const COMMANDS = ['run', 'classify', 'doctor', 'healthcheck', 'maintenance', 'silence', 'status'] as const;

async function main(argv: string[]): Promise<number> {
  const [command = 'run', ...rest] = argv;
  switch (command) {
    case 'classify':
      return classifyProcess(rest);
    case 'doctor': {
      const { doctorCommand } = await import('./cli/doctor-command');
      return doctorCommand(rest);
    }
    case 'healthcheck': {
      const { healthcheckCommand } = await import('./cli/healthcheck-command');
      return healthcheckCommand();
    }
    case 'maintenance': {
      const { maintenanceCommand } = await import('./cli/maintenance-command');
      return maintenanceCommand(rest);
    }
    case 'silence': {
      const { silenceCommand } = await import('./cli/silence-command');
      return silenceCommand(rest);
    }
    case 'status': {
      const { statusCommand } = await import('./cli/status-command');
      return statusCommand();
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

exitWith('monitor', main(process.argv.slice(2)));
