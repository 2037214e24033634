import pino, { type Logger } from 'pino';
import type { RotatingFile } from './rotating-file';

/**
 * The monitor's own log (`logs/error-monitor.log`, and stdout): pino, with the GitHub token and
 * any authorization header redacted wherever they appear in a logged object.
 */
export function createLogger(file: RotatingFile, level: string, alsoStdout = true): Logger {
  const streams: pino.StreamEntry[] = [{ level: level as pino.Level, stream: { write: (line: string) => file.write(line) } }];
  if (alsoStdout) streams.push({ level: level as pino.Level, stream: process.stdout });
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
