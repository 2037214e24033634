import { SqliteMaintenanceStore, SqliteStateStore, containerSampleOf } from '@safework/state-store';
import { buildApp } from './app';

const NOW = new Date('2024-05-02T10:30:00Z');

function seeded(): SqliteStateStore {
  const store = SqliteStateStore.open(':memory:');
  store.writeHeartbeat('monitor', '2024-05-02T10:29:50Z', { state: 'running', dockerConnected: true, outboxDepth: 0, lastReporterError: null, ingestLagSeconds: { 'safework-app/stdout': 2 } });
  store.saveContainers(
    [
      containerSampleOf({ name: 'safework-app', image: 'app', health: 'healthy', restartCount: 1, memoryLimit: 1073741824, cpuLimit: 1 }, { memoryUsageBytes: 268435456, memoryLimitBytes: 1073741824, cpuPercent: 12.5 }),
      containerSampleOf({ name: 'safework-redis', image: 'redis', health: 'healthy', memoryLimit: 134217728, cpuLimit: 0.25 }, { memoryUsageBytes: 8388608, memoryLimitBytes: 134217728, cpuPercent: 0.4 }),
    ],
    '2024-05-02T10:29:50Z',
  );
  for (let i = 0; i < 3; i++) store.countEvent(new Date('2024-05-02T10:10:00Z'), 'safework-app', 'redis_connection', 'critical');
  store.countEvent(new Date('2024-05-01T08:00:00Z'), 'safework-app', 'application_error', 'high');
  store.openIncident({ container: 'safework-redis', type: 'container_oom', fingerprint: 'v1-0000000000000001', message: 'OOM', startedAt: '2024-05-02T10:00:00Z' });
  return store;
}

const config = { MONITORING_INTERVAL: 30, ISSUE_LANGUAGE: 'en' as const };

describe('health API', () => {
  it('answers liveness always and readiness once the monitor has written a heartbeat', async () => {
    const empty = buildApp({ config, reader: SqliteStateStore.open(':memory:'), clock: () => NOW });
    expect((await empty.inject('/livez')).statusCode).toBe(200);
    expect((await empty.inject('/readyz')).statusCode).toBe(503);
    const app = buildApp({ config, reader: seeded(), clock: () => NOW });
    expect((await app.inject('/readyz')).statusCode).toBe(200);
  });

  it('reports pass with checks as application/health+json, and fail (503) on a stale heartbeat', async () => {
    const store = seeded();
    const app = buildApp({ config, reader: store, clock: () => NOW });
    const ok = await app.inject('/health');
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^application\/health\+json/);
    const body = ok.json<{ status: string; checks: Record<string, Array<{ status: string }>> }>();
    expect(body.status).toBe('pass');
    expect(Object.keys(body.checks)).toEqual(expect.arrayContaining(['monitor:heartbeat', 'docker:reachable', 'github:outbox', 'ingest:lag', 'container:safework-app', 'container:safework-redis']));
    const later = buildApp({ config, reader: store, clock: () => new Date(NOW.getTime() + 10 * 60_000) });
    const stale = await later.inject('/health');
    expect(stale.statusCode).toBe(503);
    expect(stale.json<{ status: string }>().status).toBe('fail');
  });

  it('warns (200) when a container is unhealthy', async () => {
    const store = seeded();
    store.saveContainers([containerSampleOf({ name: 'safework-app', health: 'unhealthy', restartCount: 4 })], NOW.toISOString());
    const res = await buildApp({ config, reader: store, clock: () => NOW }).inject('/health');
    expect([res.statusCode, res.json<{ status: string }>().status]).toEqual([200, 'warn']);
  });

  it('warns (200) and says why when nothing is filed because the repository is public', async () => {
    const store = seeded();
    const why = 'safework/site is public: issues would publish log excerpts, routes and tracebacks, so nothing is filed and drafts are written instead; set ALLOW_PUBLIC_REPO=true to file there anyway';
    store.writeHeartbeat('monitor', '2024-05-02T10:29:50Z', { state: 'running', dockerConnected: true, filingHeld: why });
    const res = await buildApp({ config, reader: store, clock: () => NOW }).inject('/health');
    const body = res.json<{ status: string; checks: Record<string, Array<{ status: string; output?: string }>> }>();
    expect([res.statusCode, body.status]).toEqual([200, 'warn']);
    expect(body.checks['github:repository']).toEqual([expect.objectContaining({ status: 'warn', output: why })]);
  });

  it('warns (200) naming Redis and the host when the shared state of several hosts is unreachable, passes when it answers', async () => {
    const store = seeded();
    store.writeHeartbeat('monitor', '2024-05-02T10:29:50Z', { state: 'running', dockerConnected: true, sharedState: { hostId: 'node-2', connected: false } });
    let res = await buildApp({ config, reader: store, clock: () => NOW }).inject('/health');
    let body = res.json<{ status: string; checks: Record<string, Array<{ status: string; componentId?: string; output?: string }>> }>();
    expect([res.statusCode, body.status]).toEqual([200, 'warn']);
    expect(body.checks['redis:shared-state']).toEqual([expect.objectContaining({ status: 'warn', componentId: 'node-2', output: expect.stringContaining('Redis (STATE_REDIS_URL) is unreachable') })]);
    store.writeHeartbeat('monitor', '2024-05-02T10:29:55Z', { state: 'running', dockerConnected: true, sharedState: { hostId: 'node-2', connected: true } });
    res = await buildApp({ config, reader: store, clock: () => NOW }).inject('/health');
    body = res.json();
    expect(body.checks['redis:shared-state']).toEqual([expect.objectContaining({ status: 'pass' })]);
  });

  it('/api/cluster lists every host from the shared Redis: alive, silent, or one whose record expired; /metrics has each host\'s series', async () => {
    const status = (state: string): Record<string, unknown> => ({ state, dockerConnected: true, following: ['safework-app'], outboxDepth: 2, sharedState: { hostId: 'x', connected: true } });
    const cluster = {
      hosts: async () => [
        { hostId: 'node-a', at: '2024-05-02T10:29:50Z', status: status('running') },
        { hostId: 'node-b', at: '2024-05-02T10:20:00Z', status: status('running') },
        { hostId: 'node-c', at: '2024-05-02T09:00:00Z', status: null },
      ],
      eventsByHost: async () => new Map([['node-a', 5], ['node-b', 7]]),
      sharedOutbox: async () => ({ depth: 3, heldByHost: new Map([['node-c', 2]]) }),
    };
    const app = buildApp({ config, reader: seeded(), clock: () => NOW, cluster });
    const body = (await app.inject('/api/cluster')).json<{ shared: boolean; hosts: Array<Record<string, unknown>> }>();
    expect(body.shared).toBe(true);
    expect(body.hosts).toEqual([
      expect.objectContaining({ hostId: 'node-a', ok: true, ageSeconds: 10, state: 'running', following: ['safework-app'], outboxDepth: 2, redis: true }),
      expect.objectContaining({ hostId: 'node-b', ok: false, detail: expect.stringContaining('last heartbeat 600 s ago') }),
      { hostId: 'node-c', at: '2024-05-02T09:00:00Z', ok: false, detail: 'no heartbeat since 2024-05-02T09:00:00Z' },
    ]);
    const metrics = (await app.inject('/metrics')).body;
    expect(metrics).toContain('safework_cluster_reachable 1');
    expect(metrics).toContain('safework_cluster_host_up{host="node-a"} 1');
    expect(metrics).toContain('safework_cluster_host_up{host="node-c"} 0');
    expect(metrics).toContain('safework_cluster_issue_events_total{host="node-b"} 7');
    expect(metrics).toContain('safework_cluster_issue_events_all_hosts_total 12');
    expect(metrics).toContain('safework_cluster_outbox_depth 3');
    expect(metrics).toContain('safework_cluster_outbox_held{host="node-c"} 2');
    const refused = async (): Promise<never> => Promise.reject(new Error('connect ECONNREFUSED'));
    const down = buildApp({ config, reader: seeded(), clock: () => NOW, cluster: { hosts: refused, eventsByHost: refused, sharedOutbox: refused } });
    expect((await down.inject('/api/cluster')).statusCode).toBe(503);
    const downMetrics = await down.inject('/metrics');
    expect(downMetrics.statusCode).toBe(200);
    expect(downMetrics.body).toContain('safework_cluster_reachable 0');
    expect(downMetrics.body).not.toContain('safework_cluster_host_up{');
    expect((await buildApp({ config, reader: seeded(), clock: () => NOW }).inject('/api/cluster')).json()).toEqual({ shared: false, hosts: [] });
  });

  it('says warn on /health while a maintenance window is open, naming it and its reason', async () => {
    const store = seeded();
    const windows = new SqliteMaintenanceStore(store.database);
    const app = buildApp({ config, reader: store, clock: () => NOW, sources: { maintenance: windows } });
    expect((await app.inject('/health')).json<{ status: string }>().status).toBe('pass');
    windows.startMaintenance({ startsAt: '2024-05-02T10:15:00Z', endsAt: '2024-05-02T10:45:00Z', containers: ['safework-mysql'], reason: 'MariaDB 11 upgrade' });
    app.refresh();
    const body = (await app.inject('/health')).json<{ status: string; checks: Record<string, Array<{ status: string; output?: string; componentId?: string }>> }>();
    expect(body.status).toBe('warn');
    expect(body.checks['monitor:maintenance']).toEqual([expect.objectContaining({ status: 'warn', componentId: 'safework-mysql', output: expect.stringContaining('until 2024-05-02T10:45:00Z: MariaDB 11 upgrade') })]);
  });

  it('sends security headers, with a CSP that runs only the dashboard\'s own scripts', async () => {
    const app = buildApp({ config, reader: seeded(), clock: () => NOW });
    const page = await app.inject('/');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    // Nothing inline to run: the settings are a JSON data block.
    const inline = [...page.body.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
    expect(inline).toEqual([' id="safework-config" type="application/json"']);
  });

  it('limits /api/* per client (429 with retry-after), and only /api/*', async () => {
    const app = buildApp({ config: { ...config, HEALTH_API_RATE_LIMIT: 5 }, reader: seeded(), clock: () => NOW });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await app.inject('/api/containers')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await app.inject('/api/incidents');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    for (let i = 0; i < 7; i++) expect((await app.inject('/livez')).statusCode).toBe(200);
    expect((await app.inject('/metrics')).statusCode).toBe(200);
  });

  it('exposes Prometheus metrics by container name; removed containers disappear', async () => {
    const store = seeded();
    const app = buildApp({ config, reader: store, clock: () => NOW });
    const text = (await app.inject('/metrics')).body;
    expect(text).toContain('safework_container_up{container="safework-app"} 1');
    expect(text).toContain('safework_container_health_status{container="safework-app",status="healthy"} 1');
    expect(text).toContain('safework_container_restarts{container="safework-app"} 1');
    expect(text).toContain('safework_container_memory_limit_bytes{container="safework-redis"} 134217728');
    expect(text).toContain('safework_errors_total{container="safework-app",type="redis_connection",severity="critical"} 3');
    expect(text).toContain('safework_errors_last_hour{container="safework-app",type="redis_connection",severity="critical"} 3');
    // The application_error was 26 hours ago: in the total, not in the last day.
    expect(text).toContain('safework_errors_total{container="safework-app",type="application_error",severity="high"} 1');
    expect(text).not.toMatch(/safework_errors_last_day\{container="safework-app",type="application_error"/);
    expect(text).toContain('safework_incidents_open 1');
    store.saveContainers([], NOW.toISOString());
    app.refresh();
    expect((await app.inject('/metrics')).body).not.toContain('container="safework-redis"');
  });

  it('serves errors per hour and per day for the dashboard', async () => {
    const app = buildApp({ config, reader: seeded(), clock: () => NOW });
    const hourly = (await app.inject('/api/errors?window=24h&bucket=1h')).json<{ series: Array<{ at: string; byType: Record<string, number> }> }>();
    expect(hourly.series).toHaveLength(24);
    expect(hourly.series.at(-1)).toEqual({ at: '2024-05-02T10', byType: { redis_connection: 3 } });
    const daily = (await app.inject('/api/errors?window=30d&bucket=1d')).json<{ series: Array<{ at: string; byType: Record<string, number> }> }>();
    expect(daily.series.find((s) => s.at === '2024-05-01')?.byType).toEqual({ application_error: 1 });
    expect((await app.inject('/api/errors?window=1y')).statusCode).toBe(400);
    expect((await app.inject('/api/incidents')).json<{ incidents: Array<{ type: string }> }>().incidents.map((i) => i.type)).toEqual(['container_oom']);
  });

  it('requires the bearer token for data and metrics when one is set; liveness stays open', async () => {
    const app = buildApp({ config: { ...config, HEALTH_API_TOKEN: 'secret-token-123' }, reader: seeded(), clock: () => NOW });
    expect((await app.inject('/metrics')).statusCode).toBe(401);
    expect((await app.inject('/api/containers')).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer secret-token-123' } })).statusCode).toBe(200);
    expect((await app.inject('/livez')).statusCode).toBe(200);
    const page = await app.inject('/');
    expect(page.body).not.toContain('secret-token-123');
  });

  it('serves the dashboard and its chart library locally (no CDN)', async () => {
    const app = buildApp({ config: { ...config, ISSUE_LANGUAGE: 'ko' }, reader: seeded(), clock: () => NOW });
    const page = await app.inject('/');
    expect(page.body).toContain('시간별 오류');
    expect(page.body).not.toMatch(/https?:\/\/(?!www\.w3)/);
    const chart = await app.inject('/assets/chart.umd.js');
    expect(chart.statusCode).toBe(200);
    expect(chart.body.length).toBeGreaterThan(100_000);
  });
});
