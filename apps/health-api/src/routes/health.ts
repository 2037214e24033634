import type { FastifyInstance } from 'fastify';
import { healthReport } from '../health-report';
import type { RouteContext } from './route-context';

/** `/livez` (always open), `/readyz` (once the monitor has written a heartbeat), `/health` (health+json; 503 on fail). */
export async function healthRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  app.get('/livez', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = ctx.snapshot().heartbeat !== undefined;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'waiting for the monitor' });
  });
  app.get('/health', async (_request, reply) => {
    const report = healthReport(ctx.snapshot(), ctx.clock(), ctx.config.MONITORING_INTERVAL);
    return reply.code(report.status === 'fail' ? 503 : 200).type('application/health+json').send(report);
  });
}
