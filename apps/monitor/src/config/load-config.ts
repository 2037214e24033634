import { hostname } from 'node:os';
import { z } from 'zod';
import { SEVERITIES } from '@safework/classifier';
import type { MonitorErrorCode } from '../errors';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const seconds = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

const list = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

// Docker's rule for container names, and Compose's for project names.
const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const names = list.refine((xs) => xs.every((x) => CONTAINER_NAME.test(x)), 'must be container names separated by commas (letters, digits, _ . -)');
const labels = list.refine((xs) => xs.every((x) => /^[^\s=]+(?:=\S*)?$/.test(x)), 'must be labels separated by commas, each key or key=value');

/** Every setting, its default and its fix. Field names are the environment variables. */
const base = z.object({
  ERROR_MONITORING_ENABLED: bool.default(true),
  // The message never repeats the value: it is a secret.
  GITHUB_TOKEN: z.string().regex(/^\S+$/, 'must be a single token without spaces or line breaks').optional(),
  // A Docker or Kubernetes secret (/run/secrets/github_token): the token never sits in the environment.
  GITHUB_TOKEN_FILE: z.string().regex(/^\//, 'must be the absolute path of a file holding the token, e.g. /run/secrets/github_token').optional(),
  GITHUB_REPO: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name, e.g. safework/safework').optional(),
  // Issues carry log excerpts, routes and tracebacks: on a public repository, only on request.
  ALLOW_PUBLIC_REPO: bool.default(false),
  GITHUB_API_URL: z.url({ error: 'must be a URL, e.g. https://api.github.com' }).default('https://api.github.com'),
  MONITORING_INTERVAL: seconds(1, 3600, 30),
  ERROR_SEVERITY_THRESHOLD: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }).default('high'),
  REPORT_COMMENT_INTERVAL: seconds(1, 7 * 24 * 3600, 3600),
  // GitHub asks integrators to space content-creating requests at least a second apart; a
  // GitHub Enterprise server (or a local test server) may allow less.
  GITHUB_WRITE_INTERVAL_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(0).max(60_000).default(1000),
  ISSUE_LANGUAGE: z.enum(['ko', 'en'], { error: 'must be ko or en' }).default('ko'),
  // The filtering proxy (deploy/docker-proxy): tcp://docker-proxy:2375. Wins over DOCKER_SOCKET.
  DOCKER_HOST: z.string().regex(/^(?:tcp:\/\/[\w.-]+:\d+|unix:\/\/\/\S+)$/, 'must be tcp://host:port or unix:///path/to/socket').optional(),
  DOCKER_SOCKET: z.string().regex(/^\//, 'must be the absolute path of the Docker socket, e.g. /var/run/docker.sock').default('/var/run/docker.sock'),
  MONITOR_CONTAINERS: names.optional(),
  MONITOR_LABELS: labels.optional(),
  MONITOR_COMPOSE_PROJECT: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a Compose project name (lower-case letters, digits, _ -)').optional(),
  MONITOR_SELF_NAME: z.string().regex(CONTAINER_NAME, 'must be a container name (letters, digits, _ . -)').optional(),
  STATE_DIR: z.string().min(1).default('./data'),
  STATE_REDIS_URL: z.string().regex(/^(?:rediss?:\/\/\S+|\/\S+)$/, 'must be redis://[user:password@]host:port[/db], rediss://… or the absolute path of a Redis socket').optional(),
  STATE_REDIS_PREFIX: z.string().regex(/^[\w.:-]{1,64}$/, 'must be 1–64 letters, digits, _ . : or -').default('safework-monitor'),
  MONITOR_HOST_ID: z.string().regex(/^[\w.-]{1,64}$/, 'must be 1–64 letters, digits, _ . or -').default(hostname().replace(/[^\w.-]/g, '-').slice(0, 64) || 'host'),
  LOG_DIR: z.string().min(1).default('./logs'),
  RULES_FILE: z.string().min(1).optional(),
  IP_MASKING: z.enum(['mask24', 'keep', 'remove'], { error: 'must be mask24, keep or remove' }).default('mask24'),
  INCIDENT_CONTEXT_LINES: z.coerce.number({ error: 'must be a number' }).int().min(0).max(500).default(30),
  OUTAGE_QUIET_SECONDS: z.coerce.number({ error: 'must be a number' }).int().min(1).max(86_400).default(120),
  // A problem first seen this long after its container's deploy is labelled new-in-deploy.
  DEPLOY_WINDOW: seconds(0, 7 * 24 * 3600, 900),
  CATCH_UP_MAX_LINES: z.coerce.number({ error: 'must be a number of lines' }).int('must be a whole number of lines').min(1, 'must be at least 1').max(10_000_000, 'must be at most 10000000').default(100_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { error: 'must be debug, info, warn or error' }).default('info'),
});
const schema = base.superRefine((c, ctx) => {
  if ((c.GITHUB_TOKEN !== undefined || c.GITHUB_TOKEN_FILE !== undefined) && c.GITHUB_REPO === undefined) {
    ctx.addIssue({ code: 'custom', path: ['GITHUB_REPO'], message: 'is required when GITHUB_TOKEN or GITHUB_TOKEN_FILE is set' });
  }
  if (c.GITHUB_TOKEN !== undefined && c.GITHUB_TOKEN_FILE !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['GITHUB_TOKEN_FILE'], message: 'is set together with GITHUB_TOKEN — set only one of them' });
  }
});

const KEYS = new Set(Object.keys(base.shape));
/** Every setting's name (the environment variable). */
export const CONFIG_FIELDS: readonly string[] = [...KEYS];

/** Parsed, validated configuration. */
export type MonitorConfig = z.infer<typeof schema>;

const FIXES: Readonly<Record<string, string>> = {
  GITHUB_REPO: 'set it to the repository issues go to, as owner/name',
  MONITORING_INTERVAL: 'use seconds between 1 and 3600 (default 30)',
  ERROR_SEVERITY_THRESHOLD: 'use low, medium, high (default) or critical',
  ERROR_MONITORING_ENABLED: 'use true or false',
  GITHUB_API_URL: 'leave it unset for github.com, or give the API root of GitHub Enterprise',
};

/** A bad configuration: every bad field with its fix, for one message and exit code 78. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: MonitorErrorCode = 'MON_ERR_CONFIG';
  constructor(readonly fields: ReadonlyArray<{ field: string; reason: string; fix?: string }>) {
    super(
      `invalid configuration (${fields.length} field${fields.length === 1 ? '' : 's'}):\n${fields
        .map((f) => `  ${f.field}: ${f.reason}${f.fix ? ` — ${f.fix}` : ''}`)
        .join('\n')}`,
    );
  }
}

/** Reads the configuration from an environment map (empty strings count as unset). */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): MonitorConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([k, v]) => KEYS.has(k) && v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const field = i.path.join('.');
        const fix = FIXES[field];
        return fix === undefined ? { field, reason: i.message } : { field, reason: i.message, fix };
      }),
    );
  }
  return parsed.data;
}

/**
 * Parses `.env` text (KEY=VALUE lines, `#` comments, optional quotes). The caller merges it
 * under the process environment: the environment wins.
 */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match?.[1]) continue;
    let value = match[2] ?? '';
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    out[match[1]] = value;
  }
  return out;
}
