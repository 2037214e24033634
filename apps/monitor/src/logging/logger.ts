import pino, { type Logger } from 'pino';
import type { RotatingFile } from './rotating-file';

/**
 * What a person at a terminal reads: pino-pretty's lines (time, level, message, fields), loaded
 * only then — a container's stdout, a pipe or a file gets the JSON lines as they are.
 */
function terminal(): NodeJS.WritableStream {
  const pretty = require('pino-pretty') as (options: Record<string, unknown>) => NodeJS.WritableStream;
  return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app', destination: 1, sync: true });
}

/**
 * The monitor's own log (`logs/error-monitor.log`, and stdout): pino, with the GitHub token and
 * any authorization header redacted wherever they appear in a logged object. The file always
 * gets JSON; stdout gets it too unless it is a terminal, which gets pino-pretty's lines.
 */
export function createLogger(file: RotatingFile, level: string, alsoStdout = true, isTerminal = process.stdout.isTTY === true): Logger {
  const streams: pino.StreamEntry[] = [{ level: level as pino.Level, stream: { write: (line: string) => file.write(line) } }];
  if (alsoStdout) streams.push({ level: level as pino.Level, stream: isTerminal ? terminal() : process.stdout });
  return pino(
    {
      level,
      base: { app: 'safework-monitor' },
      redact: {
        paths: ['token', 'GITHUB_TOKEN', '*.token', '*.GITHUB_TOKEN', 'config.GITHUB_TOKEN', 'headers.authorization', '*.headers.authorization', 'request.headers.authorization', 'auth'],
        censor: '[REDACTED]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.multistream(streams),
  );
}
