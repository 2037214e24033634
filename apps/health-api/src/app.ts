import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { apiRoutes } from './routes/api';
import { dashboardRoutes } from './routes/dashboard';
import { healthRoutes } from './routes/health';
import { metricsRoutes } from './routes/metrics';
import type { RouteContext } from './routes/route-context';
import { takeSnapshot, type Snapshot } from './snapshot';
import type { MonitorStateReader } from '@safework/state-store';

export interface AppDeps {
  readonly config: RouteContext['config'];
  readonly reader: MonitorStateReader;
  readonly clock?: () => Date;
  /** Refresh the snapshot on this timer (main); tests refresh by hand. */
  readonly autoRefresh?: boolean;
}

/**
 * Builds the health API (never listens: `main.ts` does). Every route serves the snapshot
 * refreshed every `MONITORING_INTERVAL`, so a request makes no state or Docker call. Routes
 * are plugins under `routes/`.
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
  const token = deps.config.HEALTH_API_TOKEN;
  // Liveness stays open; metrics and data need the bearer token when one is set.
  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (token === undefined) return;
    if (request.headers.authorization !== `Bearer ${token}`) {
      await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
    }
  };
  // No stack traces in responses, ever (child contexts inherit the handler).
  app.setErrorHandler(async (_error, _request, reply) => reply.code(500).send({ error: 'internal error' }));
  const ctx: RouteContext = { snapshot: () => snapshot, clock, config: deps.config, guard };
  for (const routes of [healthRoutes, metricsRoutes, apiRoutes, dashboardRoutes]) void app.register(routes, ctx);

  if (deps.autoRefresh === true) {
    const timer = setInterval(refresh, deps.config.MONITORING_INTERVAL * 1000);
    app.addHook('onClose', async () => clearInterval(timer));
  }
  return Object.assign(app, { refresh });
}
