import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { SqliteStateStore } from '@safework/state-store';
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

/**
 * GITHUB_TOKEN from GITHUB_TOKEN_FILE (a Docker or Kubernetes secret), the trailing newline
 * dropped; an empty file is no token (a dry run). The message names the file, never its content.
 */
export function withTokenFile(config: MonitorConfig): MonitorConfig {
  const path = config.GITHUB_TOKEN_FILE;
  if (path === undefined) return config;
  let token: string;
  try {
    token = readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new ConfigError([{ field: 'GITHUB_TOKEN_FILE', reason: `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, fix: 'mount the secret there, or correct the path' }]);
  }
  if (token === '') return config;
  if (/\s/.test(token)) {
    throw new ConfigError([{ field: 'GITHUB_TOKEN_FILE', reason: `${path} must hold one token without spaces or line breaks`, fix: 'write only the token to the file' }]);
  }
  return { ...config, GITHUB_TOKEN: token };
}

/** Loads the configuration or prints every bad field and returns the exit code. */
export function configOrExit(write: (text: string) => void): MonitorConfig | number {
  try {
    return withTokenFile(loadConfig(environment()));
  } catch (error) {
    if (error instanceof ConfigError) {
      write(`monitor: ${error.message}\n`);
      return EXIT_CONFIG;
    }
    throw error;
  }
}

/**
 * STATE_DIR and LOG_DIR must be (or become) writable directories: a bad one is a configuration
 * error like any other, named, exit 78 — not a stack trace from the first write.
 */
export function directoriesOrExit(config: MonitorConfig, write: (text: string) => void): number | undefined {
  const bad: Array<{ field: string; reason: string }> = [];
  for (const field of ['STATE_DIR', 'LOG_DIR'] as const) {
    const dir = config[field];
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
    } catch (error) {
      bad.push({ field, reason: `cannot use ${dir} as a writable directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
    }
  }
  if (bad.length === 0) return undefined;
  write(`monitor: ${new ConfigError(bad).message}\n`);
  return EXIT_CONFIG;
}

/**
 * Runs `work` on the state database of the configured `STATE_DIR` (the running monitor's, for a
 * command run beside it), closing it after; a bad configuration prints and returns its exit code.
 */
export function withStateStore(write: (text: string) => void, work: (state: SqliteStateStore, config: MonitorConfig) => number): number {
  const config = configOrExit(write);
  if (typeof config === 'number') return config;
  const state = SqliteStateStore.open(join(config.STATE_DIR, 'state.db'));
  try {
    return work(state, config);
  } finally {
    state.close();
  }
}
