import type { ContainerSample } from '@safework/docker-logs';
import { containerSampleSchema, monitorStatusSchema, toStoredSample, type Heartbeat, type MonitorStatusInput, type StoredContainerSample } from './monitor-state';
import type { ErrorCountRow, IncidentRow, MonitorStateReader, MonitorStateStore, NewIncident } from './monitor-store';

/** `MonitorStateStore` and `MonitorStateReader` in memory, for unit tests; records go through the same schemas. */
export class InMemoryMonitorStore implements MonitorStateStore, MonitorStateReader {
  readonly #counts = new Map<string, ErrorCountRow>();
  readonly #incidents: IncidentRow[] = [];
  #containers: Array<{ name: string; sample: StoredContainerSample; updatedAt: string }> = [];
  readonly #beats = new Map<string, Heartbeat>();

  transaction<T>(fn: () => T): T {
    return fn();
  }

  countEvent(at: Date, container: string, type: string, severity: string, count = 1): void {
    const hour = at.toISOString().slice(0, 13);
    const key = [hour, container, type, severity].join('\u0000');
    const row = this.#counts.get(key) ?? { hour, container, type, severity, count: 0 };
    row.count += count;
    this.#counts.set(key, row);
  }

  openIncident(incident: NewIncident): number {
    const open = this.#incidents.find((i) => i.container === incident.container && i.type === incident.type && i.recoveredAt === null);
    if (open) return open.id;
    const id = this.#incidents.length + 1;
    this.#incidents.push({ id, ...incident, recoveredAt: null, issueNumber: null, issueUrl: null });
    return id;
  }

  recoverIncidents(container: string, type: string, at: string): number {
    let n = 0;
    for (const i of this.#incidents) {
      if (i.container === container && i.type === type && i.recoveredAt === null) {
        i.recoveredAt = at;
        n++;
      }
    }
    return n;
  }

  saveContainers(samples: readonly ContainerSample[], at: string): void {
    this.#containers = samples.map((s) => ({ name: s.snapshot.name, sample: containerSampleSchema.parse(JSON.parse(JSON.stringify(toStoredSample(s)))), updatedAt: at }));
  }

  containers(): Array<{ name: string; sample: StoredContainerSample; updatedAt: string }> {
    return [...this.#containers].sort((a, b) => a.name.localeCompare(b.name));
  }

  writeHeartbeat(component: string, at: string, status: MonitorStatusInput): void {
    this.#beats.set(component, { at, status: monitorStatusSchema.parse(status) });
  }

  heartbeat(component: string): Heartbeat | undefined {
    return this.#beats.get(component);
  }

  errorCounts(from: Date): ErrorCountRow[] {
    const hour = from.toISOString().slice(0, 13);
    return [...this.#counts.values()].filter((r) => r.hour >= hour).sort((a, b) => a.hour.localeCompare(b.hour)).map((r) => ({ ...r }));
  }

  errorTotals(): ErrorCountRow[] {
    const totals = new Map<string, ErrorCountRow>();
    for (const r of this.#counts.values()) {
      const key = [r.container, r.type, r.severity].join('\u0000');
      const t = totals.get(key) ?? { hour: 'all', container: r.container, type: r.type, severity: r.severity, count: 0 };
      t.count += r.count;
      totals.set(key, t);
    }
    return [...totals.values()];
  }

  incidents(limit = 50): IncidentRow[] {
    return [...this.#incidents].reverse().slice(0, limit).map((i) => ({ ...i }));
  }
}
