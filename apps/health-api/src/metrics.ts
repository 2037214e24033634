import { Counter, Gauge, Registry } from 'prom-client';
import type { MonitorStatus } from '@safework/state-store';
import type { Snapshot } from './snapshot';

/**
 * Prometheus metrics from the snapshot, in the app's own `Registry` (never the global one).
 * Point-in-time gauges are filled in `collect()`, so removed containers' series disappear.
 */
export function createMetrics(snapshot: () => Snapshot, now: () => Date): Registry {
  const registry = new Registry();
  const perContainer = <L extends string>(name: string, help: string, labels: L[], fill: (g: Gauge<L>, s: Snapshot) => void): void => {
    new Gauge<L>({
      name,
      help,
      labelNames: labels,
      registers: [registry],
      collect() {
        this.reset();
        fill(this, snapshot());
      },
    });
  };
  perContainer('safework_container_up', 'Whether the container is running (1) or not (0).', ['container'], (g, s) => {
    for (const c of s.containers) g.set({ container: c.name }, c.running ? 1 : 0);
  });
  perContainer('safework_container_health_status', 'Health check status of the container, one series per status (1 = current).', ['container', 'status'], (g, s) => {
    for (const c of s.containers) for (const st of ['healthy', 'unhealthy', 'starting', 'none']) g.set({ container: c.name, status: st }, c.health === st ? 1 : 0);
  });
  perContainer('safework_container_restarts', 'Restarts Docker counted for the container (RestartCount).', ['container'], (g, s) => {
    for (const c of s.containers) g.set({ container: c.name }, c.restartCount);
  });
  perContainer('safework_container_oom_killed', 'Whether the container was last stopped by the OOM killer.', ['container'], (g, s) => {
    for (const c of s.containers) g.set({ container: c.name }, c.oomKilled ? 1 : 0);
  });
  perContainer('safework_container_memory_usage_bytes', 'Memory used by the container, page cache excluded (as docker stats).', ['container'], (g, s) => {
    for (const c of s.containers) if (c.memoryUsageBytes !== null) g.set({ container: c.name }, c.memoryUsageBytes);
  });
  perContainer('safework_container_memory_limit_bytes', 'Memory limit of the container.', ['container'], (g, s) => {
    for (const c of s.containers) if (c.memoryLimitBytes !== null) g.set({ container: c.name }, c.memoryLimitBytes);
  });
  perContainer('safework_container_cpu_usage_ratio', 'CPU used, in CPUs (docker stats percent / 100).', ['container'], (g, s) => {
    for (const c of s.containers) if (c.cpuPercent !== null) g.set({ container: c.name }, c.cpuPercent / 100);
  });
  perContainer('safework_container_cpu_limit_cores', 'CPU limit of the container, in CPUs.', ['container'], (g, s) => {
    for (const c of s.containers) if (c.cpuLimitCores !== null) g.set({ container: c.name }, c.cpuLimitCores);
  });
  new Counter({
    name: 'safework_errors_total',
    help: 'Error events detected, by container, type and severity.',
    labelNames: ['container', 'type', 'severity'],
    registers: [registry],
    collect() {
      this.reset();
      for (const r of snapshot().totals) this.inc({ container: r.container, type: r.type, severity: r.severity }, r.count);
    },
  });
  for (const [name, hours, help] of [
    ['safework_errors_last_hour', 1, 'Error events in the last hour (for dashboards without PromQL).'],
    ['safework_errors_last_day', 24, 'Error events in the last 24 hours.'],
  ] as const) {
    perContainer(name, help, ['container', 'type', 'severity'], (g, s) => {
      const from = new Date(now().getTime() - (hours - 1) * 3600_000).toISOString().slice(0, 13);
      for (const r of s.hourly) if (r.hour >= from) g.inc({ container: r.container, type: r.type, severity: r.severity }, r.count);
    });
  }
  const monitorGauge = (name: string, help: string, value: (status: MonitorStatus, s: Snapshot) => number | undefined): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        const s = snapshot();
        const v = s.heartbeat ? value(s.heartbeat.status, s) : undefined;
        if (v !== undefined && Number.isFinite(v)) this.set(v);
      },
    });
  };
  monitorGauge('safework_github_outbox_depth', 'GitHub operations waiting in the outbox.', (st) => st.outboxDepth);
  monitorGauge('safework_monitor_heartbeat_age_seconds', 'Seconds since the monitor last wrote its heartbeat.', (_st, s) => (s.heartbeat ? (now().getTime() - Date.parse(s.heartbeat.at)) / 1000 : undefined));
  monitorGauge('safework_monitor_docker_connected', 'Whether the monitor is connected to the Docker Engine.', (st) => (st.dockerConnected ? 1 : 0));
  monitorGauge('safework_incidents_open', 'Container incidents not yet recovered.', (_st, s) => s.incidents.filter((i) => i.recoveredAt === null).length);
  new Gauge({
    name: 'safework_ingest_lag_seconds',
    help: 'Seconds since the last log line of each stream was handled.',
    labelNames: ['stream'],
    registers: [registry],
    collect() {
      this.reset();
      const lags = snapshot().heartbeat?.status.ingestLagSeconds ?? {};
      for (const [stream, seconds] of Object.entries(lags)) this.set({ stream }, seconds);
    },
  });
  return registry;
}
