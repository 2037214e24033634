import { z } from 'zod';

const schema = z.object({
  // 127.0.0.1 by default: the health API is for this host unless the operator opens it.
  HEALTH_API_HOST: z.string().min(1).default('127.0.0.1'),
  // Not 4545: that is the SafeWork app's port.
  HEALTH_API_PORT: z.coerce.number({ error: 'must be a port number' }).int().min(1).max(65535).default(9464),
  HEALTH_API_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
  STATE_DIR: z.string().min(1).default('./data'),
  MONITORING_INTERVAL: z.coerce.number({ error: 'must be a number of seconds' }).int().min(1).max(3600).default(30),
  ISSUE_LANGUAGE: z.enum(['ko', 'en'], { error: 'must be ko or en' }).default('ko'),
});

export type HealthApiConfig = z.infer<typeof schema>;
const KEYS = new Set(Object.keys(schema.shape));

/** Reads the health API's settings; throws a message naming each bad field. */
export function loadHealthConfig(env: Readonly<Record<string, string | undefined>>): HealthApiConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([k, v]) => KEYS.has(k) && v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new Error(`invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
