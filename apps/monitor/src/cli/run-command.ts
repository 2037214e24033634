import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import {
  EventDetector,
  FrequencyEscalator,
  createClassifier,
  isAtLeast,
  parseRulesText,
  type DetectedEvent,
} from '@safework/classifier';
import { DockerLogSource, createSelector } from '@safework/docker-logs';
import { SqliteStateStore } from '@safework/state-store';
import { ConfigError, loadConfig } from '../config/load-config';

const EXIT_CONFIG = 78;
/** A stream with no new line for this long has its open record released. */
const QUIET_MS = 1000;

/**
 * `run`: follows every selected container's logs live, classifies them and records each event
 * in `logs/safework-errors.log` (one JSON object a line). Events at or above the threshold are
 * announced on stdout.
 */
export async function runCommand(_argv: readonly string[]): Promise<number> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`monitor: ${error.message}\n`);
      return EXIT_CONFIG;
    }
    throw error;
  }
  const log = (msg: string): void => void process.stdout.write(`${new Date().toISOString()} ${msg}\n`);
  if (!config.ERROR_MONITORING_ENABLED) {
    log('ERROR_MONITORING_ENABLED=false: monitoring is off; idling until stopped');
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    return 0;
  }
  const userRules = config.RULES_FILE ? parseRulesText(readFileSync(config.RULES_FILE, 'utf8'), config.RULES_FILE) : [];
  const detector = new EventDetector(createClassifier(userRules));
  const escalator = new FrequencyEscalator();
  mkdirSync(config.LOG_DIR, { recursive: true, mode: 0o750 });
  const errorLog = join(config.LOG_DIR, 'safework-errors.log');
  const names = config.MONITOR_CONTAINERS?.split(',').map((s) => s.trim()).filter(Boolean);
  const lastLineAt = new Map<string, number>();
  let index = 0;

  const record = (events: DetectedEvent[]): void => {
    for (const event of events) {
      const severity = escalator.observe(event.fingerprint, event.severity, Date.now());
      const { lines: _lines, ...rest } = event;
      appendFileSync(errorLog, `${JSON.stringify({ ...rest, severity, detectedAt: new Date().toISOString() })}\n`, { mode: 0o640 });
      if (isAtLeast(severity, config.ERROR_SEVERITY_THRESHOLD)) {
        log(`[${severity}] ${event.type} in ${event.container}: ${event.message.split('\n')[0] ?? ''}`);
      }
    }
  };

  const store = SqliteStateStore.open(join(config.STATE_DIR, 'state.db'));
  const source = new DockerLogSource({
    docker: new Dockerode({ socketPath: config.DOCKER_SOCKET }),
    checkpoints: store,
    select: createSelector(names && names.length > 0 ? { names } : {}),
    listener: {
      lines: (_container, lines) => {
        for (const line of lines) {
          lastLineAt.set(`${line.container}\u0000${line.stream}`, Date.now());
          record(detector.push({ container: line.container, stream: line.stream }, `${line.time} ${line.text}`, index++));
        }
      },
      streamEnded: (container) => record(detector.flush({ container })),
      error: (error) => log(`${error.code}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`),
    },
  });
  const quiet = setInterval(() => {
    const now = Date.now();
    for (const [key, at] of lastLineAt) {
      if (now - at < QUIET_MS) continue;
      const [container = '', stream = ''] = key.split('\u0000');
      record(detector.flush({ container, stream }));
      lastLineAt.delete(key);
    }
  }, QUIET_MS / 2);
  log(`monitoring containers via ${config.DOCKER_SOCKET}; events → ${errorLog}; threshold ${config.ERROR_SEVERITY_THRESHOLD}`);
  await source.start();
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  clearInterval(quiet);
  await source.stop();
  record(detector.flush());
  store.close();
  log('stopped');
  return 0;
}
