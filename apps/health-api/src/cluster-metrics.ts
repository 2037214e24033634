import { Counter, Gauge, type Registry } from 'prom-client';
import type { ClusterReader } from '@safework/shared-state';

/**
 * The cluster's series, from the shared Redis (several hosts): every host's health API serves
 * the same figures, so a global service's scrapes are aggregated with `max by (host)`, not
 * summed (README, "Several hosts, one Redis"). Read at scrape time; a Redis that cannot be read says so.
 */
export function addClusterMetrics(registry: Registry, cluster: ClusterReader): void {
  type Figures = { up: Map<string, number>; events: Map<string, number>; outbox: { depth: number; heldByHost: Map<string, number> } };
  let read: Promise<Figures | undefined> | undefined;
  // One Redis read per scrape, shared by the series below.
  const figures = (): Promise<Figures | undefined> => {
    read ??= Promise.all([cluster.hosts(), cluster.eventsByHost(), cluster.sharedOutbox()])
      .then(([hosts, events, outbox]) => ({ up: new Map(hosts.map((h) => [h.hostId, h.status === null ? 0 : 1])), events, outbox }))
      .catch(() => undefined)
      .finally(() => setImmediate(() => (read = undefined)));
    return read;
  };
  new Gauge({
    name: 'safework_cluster_reachable',
    help: 'Whether the shared Redis of the hosts could be read for this scrape.',
    registers: [registry],
    async collect() {
      this.set((await figures()) === undefined ? 0 : 1);
    },
  });
  new Gauge({
    name: 'safework_cluster_host_up',
    help: 'Whether each host\'s monitor heartbeat is current in the shared Redis (1) or has expired (0).',
    labelNames: ['host'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [host, up] of (await figures())?.up ?? []) this.set({ host }, up);
    },
  });
  new Counter({
    name: 'safework_cluster_issue_events_total',
    help: 'Events at or above the severity threshold each host counted into issues.',
    labelNames: ['host'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [host, n] of (await figures())?.events ?? []) this.inc({ host }, n);
    },
  });
  new Counter({
    name: 'safework_cluster_issue_events_all_hosts_total',
    help: 'Events at or above the severity threshold counted into issues, every host together.',
    registers: [registry],
    async collect() {
      this.reset();
      const events = (await figures())?.events;
      if (events !== undefined) this.inc([...events.values()].reduce((a, b) => a + b, 0));
    },
  });
  new Gauge({
    name: 'safework_cluster_outbox_depth',
    help: 'Comments queued in the outbox the hosts share (Redis Stream), not sent yet.',
    registers: [registry],
    async collect() {
      this.reset();
      const outbox = (await figures())?.outbox;
      if (outbox !== undefined) this.set(outbox.depth);
    },
  });
  new Gauge({
    name: 'safework_cluster_outbox_held',
    help: 'Comments of the shared outbox each host took and has not sent yet (a dead host\'s pass to another after 30 s).',
    labelNames: ['host'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [host, n] of (await figures())?.outbox.heldByHost ?? []) this.set({ host }, n);
    },
  });
}
