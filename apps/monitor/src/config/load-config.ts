import { z } from 'zod';
import { SEVERITIES } from '@safework/classifier';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  ERROR_MONITORING_ENABLED: bool.default(true),
  MONITORING_INTERVAL: z.coerce
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1 second')
    .max(3600, 'must be at most 3600 seconds')
    .default(30),
  ERROR_SEVERITY_THRESHOLD: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }).default('high'),
  GITHUB_REPO: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name, e.g. safework/safework')
    .optional(),
  GITHUB_TOKEN: z.string().min(1).optional(),
  DOCKER_SOCKET: z.string().min(1).default('/var/run/docker.sock'),
  MONITOR_CONTAINERS: z.string().optional(),
  LOG_DIR: z.string().min(1).default('./logs'),
  STATE_DIR: z.string().min(1).default('./data'),
  RULES_FILE: z.string().min(1).optional(),
});

/** Parsed, validated configuration. */
export type MonitorConfig = z.infer<typeof schema>;

/** A bad configuration: every bad field with its fix, for one message and exit code 78. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'MON_ERR_CONFIG';
  constructor(readonly fields: ReadonlyArray<{ field: string; reason: string }>) {
    super(`invalid configuration:\n${fields.map((f) => `  ${f.field}: ${f.reason}`).join('\n')}`);
  }
}

/** Reads the configuration from an environment map (empty strings count as unset). */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): MonitorConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })));
  }
  return parsed.data;
}
