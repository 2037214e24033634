import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { dashboardHtml, dashboardScript } from '../dashboard/dashboard';
import type { RouteContext } from './route-context';

/** `/` and its assets: the page, its script and Chart.js, all served by the app (no CDN). */
export async function dashboardRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  // The package's exports hide dist/ subpaths; the UMD build sits beside its main file.
  const chartJs = readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.js'), 'utf8');
  const html = dashboardHtml(ctx.config.ISSUE_LANGUAGE, ctx.config.HEALTH_API_TOKEN !== undefined);
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  app.get('/assets/dashboard.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(dashboardScript));
  app.get('/assets/chart.umd.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=86400').send(chartJs));
}
