import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** 127.0.0.0/8, ::1 and localhost: reachable from this host only. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

const base = z.object({
  // 127.0.0.1 by default: the health API is for this host unless the operator opens it.
  HEALTH_API_HOST: z.string().min(1).default('127.0.0.1'),
  // Not 4545: that is the SafeWork app's port.
  HEALTH_API_PORT: z.coerce.number({ error: 'must be a port number' }).int().min(1).max(65535).default(9464),
  HEALTH_API_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
  // Serving container data and error figures to a network without a token is a choice to make knowingly.
  HEALTH_API_ALLOW_ANONYMOUS: bool.default(false),
  /** Requests per minute per client on /api/*. */
  HEALTH_API_RATE_LIMIT: z.coerce.number({ error: 'must be a number of requests per minute' }).int().min(1).max(100_000).default(120),
  STATE_DIR: z.string().min(1).default('./data'),
  /** The monitors' shared Redis (several hosts): `/api/cluster` lists every host's heartbeat from it. */
  STATE_REDIS_URL: z.string().regex(/^(?:rediss?:\/\/\S+|\/\S+)$/, 'must be redis://[user:password@]host:port[/db], rediss://… or the absolute path of a Redis socket').optional(),
  STATE_REDIS_PREFIX: z.string().regex(/^[\w.:-]{1,64}$/, 'must be 1–64 letters, digits, _ . : or -').default('safework-monitor'),
  MONITORING_INTERVAL: z.coerce.number({ error: 'must be a number of seconds' }).int().min(1).max(3600).default(30),
  ISSUE_LANGUAGE: z.enum(['ko', 'en'], { error: 'must be ko or en' }).default('ko'),
});
const schema = base.superRefine((c, ctx) => {
  if (!isLoopback(c.HEALTH_API_HOST) && c.HEALTH_API_TOKEN === undefined && !c.HEALTH_API_ALLOW_ANONYMOUS) {
    ctx.addIssue({
      code: 'custom',
      path: ['HEALTH_API_TOKEN'],
      message: `is required when HEALTH_API_HOST (${c.HEALTH_API_HOST}) is not a loopback address — set a token of 8+ characters, or HEALTH_API_ALLOW_ANONYMOUS=true if that network is trusted`,
    });
  }
});

export type HealthApiConfig = z.infer<typeof schema>;
const KEYS = new Set(Object.keys(base.shape));

/** Reads the health API's settings; throws a message naming each bad field. */
export function loadHealthConfig(env: Readonly<Record<string, string | undefined>>): HealthApiConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([k, v]) => KEYS.has(k) && v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new Error(`invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
