import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { HealthApiConfig } from './config';
import { dashboardHtml, dashboardScript } from './dashboard/dashboard';
import { healthReport } from './health-report';
import { createMetrics } from './metrics';
import { takeSnapshot, type Snapshot } from './snapshot';
import type { StateReader } from './state-reader';

export interface AppDeps {
  readonly config: Pick<HealthApiConfig, 'MONITORING_INTERVAL' | 'ISSUE_LANGUAGE'> & { HEALTH_API_TOKEN?: string | undefined };
  readonly reader: StateReader;
  readonly clock?: () => Date;
  /** Refresh the snapshot on this timer (main); tests refresh by hand. */
  readonly autoRefresh?: boolean;
}

const WINDOWS: Record<string, number> = { '1h': 1, '24h': 24, '7d': 168, '30d': 720 };

/**
 * Builds the health API (never listens: `main.ts` does). Every route serves the snapshot
 * refreshed every `MONITORING_INTERVAL`, so a request makes no state or Docker call.
 */
export function buildApp(deps: AppDeps): FastifyInstance & { refresh(): Snapshot } {
  const clock = deps.clock ?? (() => new Date());
  let snapshot = takeSnapshot(deps.reader, clock());
  const refresh = (): Snapshot => {
    try {
      snapshot = takeSnapshot(deps.reader, clock());
    } catch {
      // Keep serving the last good snapshot; the heartbeat's age tells the story.
    }
    return snapshot;
  };
  const app = Fastify({ logger: false });
  const registry = createMetrics(() => snapshot, clock);
  const token = deps.config.HEALTH_API_TOKEN;
  // The package's exports hide dist/ subpaths; the UMD build sits beside its main file.
  const chartJs = readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.js'), 'utf8');

  // Liveness stays open; metrics and data need the bearer token when one is set.
  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (token === undefined) return;
    if (request.headers.authorization !== `Bearer ${token}`) {
      await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
    }
  };
  // No stack traces in responses, ever.
  app.setErrorHandler(async (_error, _request, reply) => reply.code(500).send({ error: 'internal error' }));

  app.get('/livez', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = snapshot.heartbeat !== undefined;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'waiting for the monitor' });
  });
  app.get('/health', async (_request, reply) => {
    const report = healthReport(snapshot, clock(), deps.config.MONITORING_INTERVAL);
    return reply.code(report.status === 'fail' ? 503 : 200).type('application/health+json').send(report);
  });
  // Rendering walks a month of hourly rows: keep the text for a second (scrapers poll every
  // few seconds at most) and for as long as the snapshot is the same.
  let rendered: { snapshot: Snapshot; at: number; text: string } | undefined;
  app.get('/metrics', { preHandler: guard }, async (_request, reply) => {
    const now = clock().getTime();
    if (rendered === undefined || rendered.snapshot !== snapshot || now - rendered.at >= 1000) {
      rendered = { snapshot, at: now, text: await registry.metrics() };
    }
    return reply.type(registry.contentType).send(rendered.text);
  });
  app.get('/api/containers', { preHandler: guard }, async () => ({ takenAt: snapshot.takenAt, containers: snapshot.containers }));
  app.get<{ Querystring: { window?: string; bucket?: string } }>('/api/errors', { preHandler: guard }, async (request, reply) => {
    const hours = WINDOWS[request.query.window ?? '24h'];
    const bucket = request.query.bucket ?? '1h';
    if (hours === undefined || (bucket !== '1h' && bucket !== '1d')) {
      return reply.code(400).send({ error: 'window must be one of 1h, 24h, 7d, 30d; bucket 1h or 1d' });
    }
    const now = clock().getTime();
    const from = new Date(now - (hours - 1) * 3600_000).toISOString().slice(0, 13);
    const buckets = new Map<string, Record<string, number>>();
    const keyOf = (hour: string): string => (bucket === '1d' ? hour.slice(0, 10) : hour);
    // Every bucket of the window is present, empty ones too, so charts have a steady axis.
    for (let t = now - (hours - 1) * 3600_000; t <= now; t += bucket === '1d' ? 24 * 3600_000 : 3600_000) {
      buckets.set(keyOf(new Date(t).toISOString().slice(0, 13)), {});
    }
    for (const r of snapshot.hourly) {
      if (r.hour < from) continue;
      const b = buckets.get(keyOf(r.hour)) ?? {};
      b[r.type] = (b[r.type] ?? 0) + r.count;
      buckets.set(keyOf(r.hour), b);
    }
    return { window: request.query.window ?? '24h', bucket, series: [...buckets].map(([at, byType]) => ({ at, byType })) };
  });
  app.get('/api/incidents', { preHandler: guard }, async () => ({ incidents: snapshot.incidents }));
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(dashboardHtml(deps.config.ISSUE_LANGUAGE, token !== undefined)));
  app.get('/assets/dashboard.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(dashboardScript));
  app.get('/assets/chart.umd.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=86400').send(chartJs));

  if (deps.autoRefresh === true) {
    const timer = setInterval(refresh, deps.config.MONITORING_INTERVAL * 1000);
    app.addHook('onClose', async () => clearInterval(timer));
  }
  return Object.assign(app, { refresh });
}
