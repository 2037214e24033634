import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { apiRoutes } from './routes/api';
import { dashboardRoutes } from './routes/dashboard';
import { healthRoutes } from './routes/health';
import { metricsRoutes } from './routes/metrics';
import type { RouteContext } from './routes/route-context';
import { takeSnapshot, type Snapshot, type SnapshotSources } from './snapshot';
import type { MonitorStateReader } from '@safework/state-store';
import type { ClusterReader } from '@safework/shared-state';

export interface AppDeps {
  readonly config: RouteContext['config'];
  readonly reader: MonitorStateReader;
  readonly clock?: () => Date;
  /** Refresh the snapshot on this timer (main); tests refresh by hand. */
  readonly autoRefresh?: boolean;
  /** With several hosts: every host's heartbeat, from the shared Redis (`/api/cluster`). */
  readonly cluster?: ClusterReader;
  /** Issues, deploys, silences and maintenance windows, beside the monitor's records (same database). */
  readonly sources?: SnapshotSources;
}

/**
 * Builds the health API (never listens: `main.ts` does). Every route serves the snapshot
 * refreshed every `MONITORING_INTERVAL`, so a request makes no state or Docker call. Routes
 * are plugins under `routes/`.
 */
export function buildApp(deps: AppDeps): FastifyInstance & { refresh(): Snapshot } {
  const clock = deps.clock ?? (() => new Date());
  let snapshot = takeSnapshot(deps.reader, clock(), deps.sources);
  const refresh = (): Snapshot => {
    try {
      snapshot = takeSnapshot(deps.reader, clock(), deps.sources);
    } catch {
      // Keep serving the last good snapshot; the heartbeat's age tells the story.
    }
    return snapshot;
  };
  const app = Fastify({ logger: false });
  const token = deps.config.HEALTH_API_TOKEN;
  // Liveness stays open; metrics and data need the bearer token when one is set.
  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (token === undefined) return;
    if (request.headers.authorization !== `Bearer ${token}`) {
      await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
    }
  };
  // No stack traces in responses, ever (child contexts inherit the handler). A client error (a
  // 429 from the rate limit, a bad request) keeps its status and plain message.
  app.setErrorHandler(async (error: { statusCode?: number; message?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    return status >= 400 && status < 500 ? reply.code(status).send({ error: error.message ?? 'bad request' }) : reply.code(500).send({ error: 'internal error' });
  });
  // Security headers on every answer. The dashboard runs only its own scripts (its settings are a
  // JSON data block); it is often served over plain HTTP on a LAN, so nothing is upgraded.
  void app.register(helmet, {
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], connectSrc: ["'self'"], objectSrc: ["'none'"], frameAncestors: ["'none'"], upgradeInsecureRequests: null },
    },
    strictTransportSecurity: false,
  });
  const ctx: RouteContext = { snapshot: () => snapshot, clock, config: deps.config, guard, ...(deps.cluster === undefined ? {} : { cluster: deps.cluster }) };
  for (const routes of [healthRoutes, metricsRoutes, apiRoutes, dashboardRoutes]) void app.register(routes, ctx);

  if (deps.autoRefresh === true) {
    const timer = setInterval(refresh, deps.config.MONITORING_INTERVAL * 1000);
    app.addHook('onClose', async () => clearInterval(timer));
  }
  return Object.assign(app, { refresh });
}
