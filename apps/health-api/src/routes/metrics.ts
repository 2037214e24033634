import type { FastifyInstance } from 'fastify';
import { addClusterMetrics } from '../cluster-metrics';
import { createMetrics } from '../metrics';
import type { Snapshot } from '../snapshot';
import type { RouteContext } from './route-context';

/** `/metrics`: Prometheus text from the app's own registry (with the cluster's, several hosts). */
export async function metricsRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const registry = createMetrics(ctx.snapshot, ctx.clock);
  if (ctx.cluster !== undefined) addClusterMetrics(registry, ctx.cluster);
  // Rendering walks a month of hourly rows: keep the text for a second (scrapers poll every
  // few seconds at most) and for as long as the snapshot is the same.
  let rendered: { snapshot: Snapshot; at: number; text: string } | undefined;
  app.get('/metrics', { preHandler: ctx.guard }, async (_request, reply) => {
    const now = ctx.clock().getTime();
    const snapshot = ctx.snapshot();
    if (rendered === undefined || rendered.snapshot !== snapshot || now - rendered.at >= 1000) {
      rendered = { snapshot, at: now, text: await registry.metrics() };
    }
    return reply.type(registry.contentType).send(rendered.text);
  });
}
