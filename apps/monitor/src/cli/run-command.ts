import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { createClassifier, parseRulesFile, ClassifierError } from '@safework/classifier';
import { createSelector } from '@safework/docker-logs';
import { IssueReporter, type IssuesApi } from '@safework/github-reporter';
import { RedisClusterHeartbeats, RedisIssueCoordinator, RedisOccurrenceLedger, RedisSharedOutbox, createRedisClient } from '@safework/shared-state';
import { SqliteDeployStore, SqliteMaintenanceStore, SqliteSilenceStore, SqliteStateStore, StateStoreError, heartbeatLimitSeconds } from '@safework/state-store';
import { DeployBook } from '../deploys/deploy-book';
import { firstScreen } from './first-screen';
import { MaintenanceGate } from '../maintenance/maintenance-gate';
import { createGitHubClient, octokitIssuesApi, readVisibility } from '../adapters/octokit-issues-api';
import { PublicRepoGuard } from '../adapters/public-repo-guard';
import { DockerIngest } from '../adapters/docker-ingest';
import { dockerEndpoint } from '../adapters/docker-endpoint';
import { DraftIssuesApi } from '../adapters/draft-issues-api';
import type { Redis } from 'ioredis';
import type { MonitorConfig } from '../config/load-config';
import { createLogger } from '../logging/logger';
import type { Logger } from 'pino';
import { RotatingFile } from '../logging/rotating-file';
import { Monitor } from '../pipeline/monitor';
import { EXIT_CONFIG, configOrExit, directoriesOrExit } from './environment';

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

/**
 * `run` (what `nx serve monitor` starts): follows the containers' logs and events, records
 * events and files issues. Without `GITHUB_TOKEN` it is a dry run (drafts in
 * `logs/issue-drafts/`). SIGTERM/SIGINT: stop, flush, persist, exit 0 within 10 s.
 */
export async function runCommand(_argv: readonly string[]): Promise<number> {
  const config = configOrExit((t) => process.stderr.write(t));
  if (typeof config === 'number') return config;
  const badDirectories = directoriesOrExit(config, (t) => process.stderr.write(t));
  if (badDirectories !== undefined) return badDirectories;
  const monitorLog = new RotatingFile(join(config.LOG_DIR, 'error-monitor.log'));
  const logger = createLogger(monitorLog, config.LOG_LEVEL);
  if (!config.ERROR_MONITORING_ENABLED) {
    logger.warn('ERROR_MONITORING_ENABLED=false: monitoring is off; the process idles until stopped');
    const store = SqliteStateStore.open(join(config.STATE_DIR, 'state.db'));
    const beat = (): void => store.writeHeartbeat('monitor', new Date().toISOString(), { state: 'disabled' });
    beat();
    const timer = setInterval(beat, config.MONITORING_INTERVAL * 1000);
    await untilSignal();
    clearInterval(timer);
    store.close();
    return 0;
  }
  let rules: ReturnType<typeof parseRulesFile>;
  try {
    rules = config.RULES_FILE ? parseRulesFile(readFileSync(config.RULES_FILE, 'utf8'), config.RULES_FILE) : { rules: [], dependencies: [] };
  } catch (error) {
    const message = error instanceof ClassifierError ? `${error.code}: ${error.message}` : `cannot read RULES_FILE ${config.RULES_FILE ?? ''}: ${(error as Error).message}`;
    process.stderr.write(`monitor: ${message}\n`);
    return EXIT_CONFIG;
  }
  let store: SqliteStateStore;
  const statePath = join(config.STATE_DIR, 'state.db');
  try {
    store = SqliteStateStore.open(statePath);
  } catch (error) {
    if (!(error instanceof StateStoreError)) throw error;
    if (error.code !== 'STS_ERR_CORRUPT') {
      logger.fatal({ code: error.code }, error.message);
      return 1;
    }
    // A corrupt state file is kept for inspection, never reused: start a fresh one. The issue
    // index is rebuilt from GitHub (hidden markers), so nothing is filed twice; logs are read
    // again from the containers' start and counted again.
    const aside = `${statePath}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(statePath + suffix)) renameSync(statePath + suffix, aside + suffix);
    logger.error({ code: error.code, movedTo: aside }, `state file is corrupt (${error.message}); moved aside, starting a fresh one and rebuilding the issue index from GitHub`);
    store = SqliteStateStore.open(statePath);
  }
  let api: IssuesApi;
  let guard: PublicRepoGuard | undefined;
  const [owner = '', repo = ''] = (config.GITHUB_REPO ?? 'dry-run/dry-run').split('/');
  if (config.GITHUB_TOKEN === undefined) {
    const drafts = join(config.LOG_DIR, 'issue-drafts');
    api = new DraftIssuesApi(drafts);
    logger.warn({ drafts }, `GITHUB_TOKEN is not set: dry run — issue drafts go to ${drafts}`);
  } else {
    const client = createGitHubClient({ token: config.GITHUB_TOKEN, baseUrl: config.GITHUB_API_URL, minWriteIntervalMs: config.GITHUB_WRITE_INTERVAL_MS, onWarning: (m) => logger.warn(m) });
    const drafts = join(config.LOG_DIR, 'issue-drafts');
    guard = new PublicRepoGuard({
      repo: `${owner}/${repo}`,
      github: octokitIssuesApi(client),
      drafts: () => new DraftIssuesApi(drafts),
      allowPublic: config.ALLOW_PUBLIC_REPO,
      readVisibility: () => readVisibility(client, owner, repo),
      onDecision: (d) => (d.visibility === 'public' ? logger.warn({ repo: config.GITHUB_REPO, ...(d.files ? {} : { drafts }) }, d.reason) : logger.info({ repo: config.GITHUB_REPO }, d.reason)),
    });
    await guard.decide().catch((error: unknown) => logger.warn(error instanceof Error ? error.message : String(error)));
    api = guard;
  }
  const shared = sharedState(config, logger);
  const reporter = new IssueReporter({
    api,
    ...(shared === undefined ? {} : { coordinator: shared.coordinator, ledger: shared.ledger, shared: shared.outbox, hostId: config.MONITOR_HOST_ID }),
    store,
    // Silences the `silence` command writes, from this or another process.
    silences: new SqliteSilenceStore(store.database),
    clock: () => new Date(),
    owner,
    repo,
    threshold: config.ERROR_SEVERITY_THRESHOLD,
    commentIntervalMs: config.REPORT_COMMENT_INTERVAL * 1000,
    nonce: () => randomUUID(),
    compose: { lang: config.ISSUE_LANGUAGE, scrub: { ip: config.IP_MASKING } },
    onError: (e) => logger.warn({ code: e.code, status: e.status }, e.message),
  });
  const endpoint = dockerEndpoint(config);
  const errorLog = new RotatingFile(join(config.LOG_DIR, 'safework-errors.log'));
  const source = new DockerIngest({
    docker: new Dockerode(endpoint.options),
    checkpoints: store,
    select: createSelector({
      ...(config.MONITOR_CONTAINERS ? { names: config.MONITOR_CONTAINERS } : {}),
      ...(config.MONITOR_LABELS ? { labels: config.MONITOR_LABELS } : {}),
      ...(config.MONITOR_COMPOSE_PROJECT ? { composeProject: config.MONITOR_COMPOSE_PROJECT } : {}),
      ...(config.MONITOR_SELF_NAME ? { exclude: [config.MONITOR_SELF_NAME] } : {}),
    }),
    intervalMs: config.MONITORING_INTERVAL * 1000,
    catchUpMaxLines: config.CATCH_UP_MAX_LINES,
    // Containers that ran since the last heartbeat were not followed: their logs are read.
    ...withDefined('resumeAfter', store.heartbeat('monitor')?.at),
  });
  const monitor = new Monitor({
    settings: { ...config, dryRun: config.GITHUB_TOKEN === undefined, dockerEndpoint: endpoint.describe },
    filingHeld: () => (guard?.decision?.files === false ? guard.decision.reason : null),
    sharedState: () => (shared === undefined ? null : { hostId: config.MONITOR_HOST_ID, connected: shared.redis.status === 'ready' }),
    source,
    store,
    reporter,
    classifier: createClassifier(rules.rules),
    dependencies: rules.dependencies,
    logger,
    errorLog,
    clock: () => new Date(),
    // Windows the `maintenance` command writes, from this or another process.
    maintenance: new MaintenanceGate({ store: new SqliteMaintenanceStore(store.database) }),
    // The images the containers ran when the monitor last sampled them: a deploy meanwhile counts.
    deploys: new DeployBook({
      store: new SqliteDeployStore(store.database),
      windowMs: config.DEPLOY_WINDOW * 1000,
      baseline: store.containers().map((c) => ({ name: c.name, image: c.sample.snapshot.image, imageId: c.sample.snapshot.imageId })),
    }),
  });
  logger.info(
    { docker: endpoint.describe, threshold: config.ERROR_SEVERITY_THRESHOLD, interval: config.MONITORING_INTERVAL, repo: config.GITHUB_REPO, state: config.STATE_DIR, logs: config.LOG_DIR },
    'SafeWork monitor starting',
  );
  await monitor.start();
  const screen = firstScreen({
    following: monitor.status().following,
    repo: config.GITHUB_TOKEN === undefined ? undefined : config.GITHUB_REPO,
    held: guard?.decision?.files === false ? guard.decision.reason : null,
    drafts: join(config.LOG_DIR, 'issue-drafts'),
    monitorLog: join(config.LOG_DIR, 'error-monitor.log'),
    errorsLog: join(config.LOG_DIR, 'safework-errors.log'),
    docker: endpoint.describe,
  });
  for (const line of screen) logger.info(line);
  // The pipeline owns no timer: its schedule is set here.
  const timers = [
    setInterval(() => monitor.flushQuiet(), 25),
    setInterval(() => monitor.kickDrain(), 1000),
    setInterval(() => void monitor.tick(), config.MONITORING_INTERVAL * 1000),
    // Every host's heartbeat in Redis too, for the cluster view (a down Redis is logged once, above).
    ...(shared === undefined
      ? []
      : [setInterval(() => void shared.heartbeats.beat(config.MONITOR_HOST_ID, new Date(), monitor.status(), heartbeatLimitSeconds(config.MONITORING_INTERVAL)).catch(() => undefined), config.MONITORING_INTERVAL * 1000)]),
  ];
  const signal = await untilSignal();
  for (const timer of timers) clearInterval(timer);
  logger.info({ signal }, 'stopping');
  // A hard deadline: whatever happens, exit within 10 s of the signal.
  const deadline = setTimeout(() => process.exit(0), 10_000);
  deadline.unref();
  await monitor.stop(8000);
  store.close();
  shared?.redis.disconnect();
  errorLog.close();
  logger.info('stopped');
  monitorLog.close();
  return 0;
}

/**
 * With `STATE_REDIS_URL`: the Redis client, the issue coordinator, the occurrence ledger and the
 * outbox of comments the monitors of several hosts share. Redis errors are logged when it goes away and when it is back, not per retry.
 */
function sharedState(config: MonitorConfig, logger: Logger): { redis: Redis; coordinator: RedisIssueCoordinator; ledger: RedisOccurrenceLedger; outbox: RedisSharedOutbox; heartbeats: RedisClusterHeartbeats } | undefined {
  const url = config.STATE_REDIS_URL;
  if (url === undefined) return undefined;
  let down = false;
  const redis = createRedisClient(url, (error) => {
    if (down) return;
    down = true;
    logger.warn({ code: 'GHR_ERR_COORDINATION', host: config.MONITOR_HOST_ID }, `shared state (Redis) unreachable: ${error.message}; new issues wait until it is back`);
  });
  redis.on('ready', () => {
    if (down) logger.info({ host: config.MONITOR_HOST_ID }, 'shared state (Redis) is back');
    down = false;
  });
  logger.info({ host: config.MONITOR_HOST_ID }, 'issues are coordinated with the other hosts through Redis (STATE_REDIS_URL)');
  return {
    redis,
    coordinator: new RedisIssueCoordinator({ redis, hostId: config.MONITOR_HOST_ID, prefix: config.STATE_REDIS_PREFIX }),
    ledger: new RedisOccurrenceLedger({ redis, prefix: config.STATE_REDIS_PREFIX }),
    // An entry a host took is another's after 30 s: twice the GitHub request timeout.
    outbox: new RedisSharedOutbox({ redis, hostId: config.MONITOR_HOST_ID, prefix: config.STATE_REDIS_PREFIX, claimIdleMs: 30_000 }),
    heartbeats: new RedisClusterHeartbeats({ redis, prefix: config.STATE_REDIS_PREFIX }),
  };
}

/** `{ [key]: value }` when the value is defined, else `{}` (optional options stay absent). */
function withDefined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
}
