import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseDotEnv, type MonitorConfig } from '../config/load-config';

/** EX_CONFIG: bad configuration, nothing started. */
export const EXIT_CONFIG = 78;

/** The environment with `.env` (in the working directory) under it: the environment wins. */
export function environment(cwd = process.cwd()): Record<string, string | undefined> {
  const file = join(cwd, '.env');
  const fromFile = existsSync(file) ? parseDotEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...process.env };
}

/** Loads the configuration or prints every bad field and returns the exit code. */
export function configOrExit(write: (text: string) => void): MonitorConfig | number {
  try {
    return loadConfig(environment());
  } catch (error) {
    if (error instanceof ConfigError) {
      write(`monitor: ${error.message}\n`);
      return EXIT_CONFIG;
    }
    throw error;
  }
}
