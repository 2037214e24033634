import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { WINDOWS, errorSeries } from './error-series';
import type { RouteContext } from './route-context';
import { heartbeatVerdict, monitorStatusSchema } from '@safework/state-store';
import type { HostHeartbeat } from '@safework/shared-state';

/** A host as `/api/cluster` shows it: alive or not and why, what it follows, its outbox. */
function hostView(h: HostHeartbeat, now: number, intervalSeconds: number): Record<string, unknown> {
  const status = h.status === null ? undefined : monitorStatusSchema.safeParse(h.status);
  if (status === undefined || !status.success) {
    return { hostId: h.hostId, at: h.at, ok: false, detail: `no heartbeat since ${h.at}` };
  }
  const verdict = heartbeatVerdict({ at: h.at, status: status.data }, now, intervalSeconds);
  const s = status.data;
  return { hostId: h.hostId, at: h.at, ok: verdict.ok, ageSeconds: verdict.ageSeconds, detail: verdict.detail, state: s.state, following: s.following, outboxDepth: s.outboxDepth, redis: s.sharedState?.connected ?? null };
}

/** `/api/containers`, `/api/errors?window=&bucket=`, `/api/incidents`, `/api/overview`: the dashboard's data. */
export async function apiRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  // Per client, on these routes only (registered inside this plugin): the dashboard asks 4 times
  // per refresh, a scraper in a loop gets 429 with retry-after.
  await app.register(rateLimit, { max: ctx.config.HEALTH_API_RATE_LIMIT ?? 120, timeWindow: '1 minute' });
  app.addHook('preHandler', ctx.guard);
  app.get('/api/containers', async () => {
    const snapshot = ctx.snapshot();
    return { takenAt: snapshot.takenAt, containers: snapshot.containers };
  });
  app.get<{ Querystring: { window?: string; bucket?: string } }>('/api/errors', async (request, reply) => {
    const window = request.query.window ?? '24h';
    const hours = WINDOWS[window];
    const bucket = request.query.bucket ?? '1h';
    if (hours === undefined || (bucket !== '1h' && bucket !== '1d')) {
      return reply.code(400).send({ error: 'window must be one of 1h, 24h, 7d, 30d; bucket 1h or 1d' });
    }
    return { window, bucket, series: errorSeries(ctx.snapshot().hourly, ctx.clock().getTime(), hours, bucket) };
  });
  app.get('/api/incidents', async () => ({ incidents: ctx.snapshot().incidents }));
  // What an on-call engineer reads first: the last issues, open outages, deploys, what is held back.
  app.get('/api/overview', async () => {
    const s = ctx.snapshot();
    return { issues: s.issues, outages: s.outages, deploys: s.deploys, maintenance: s.maintenance, silences: s.silences };
  });
  // Several hosts: every monitor's heartbeat, from the shared Redis. One host: just this one.
  app.get('/api/cluster', async (_request, reply) => {
    if (ctx.cluster === undefined) return { shared: false, hosts: [] };
    let hosts;
    try {
      hosts = await ctx.cluster.hosts();
    } catch (error) {
      return reply.code(503).send({ error: `shared state (Redis) unreachable: ${(error as Error).message}` });
    }
    const now = ctx.clock().getTime();
    return { shared: true, hosts: hosts.map((h) => hostView(h, now, ctx.config.MONITORING_INTERVAL)) };
  });
}
