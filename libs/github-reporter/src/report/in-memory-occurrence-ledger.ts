import type { ClusterTally, HostFigures, OccurrenceLedger } from './ports';

/**
 * `OccurrenceLedger` in memory: several reporters in one process (tests) share it as the
 * monitors of several hosts share Redis, with the same semantics as the Redis adapter.
 */
export class InMemoryOccurrenceLedger implements OccurrenceLedger {
  /** fingerprint → host → figures. */
  readonly #figures = new Map<string, Map<string, { total: number; told: number; hours: Record<string, number> }>>();
  readonly #claims = new Map<string, number>();
  /** Set to make every call fail, as an unreachable Redis does. */
  down = false;

  async record(host: string, figures: readonly HostFigures[]): Promise<void> {
    this.#check();
    for (const f of figures) {
      const hosts = this.#figures.get(f.fingerprint) ?? new Map();
      this.#figures.set(f.fingerprint, hosts);
      const told = hosts.get(host)?.told ?? 0;
      hosts.set(host, { total: f.total, told, hours: { ...f.hours } });
    }
  }

  async claimDigest(fingerprint: string, intervalMs: number, now: Date): Promise<ClusterTally | undefined> {
    this.#check();
    if ((this.#claims.get(fingerprint) ?? 0) > now.getTime()) return undefined;
    this.#claims.set(fingerprint, now.getTime() + intervalMs);
    const hosts = [...(this.#figures.get(fingerprint) ?? new Map<string, { total: number; told: number; hours: Record<string, number> }>()).entries()].sort(([a], [b]) => a.localeCompare(b));
    const perHour = new Map<string, number>();
    const perHost = hosts.map(([host, f]) => {
      for (const [h, n] of Object.entries(f.hours)) perHour.set(h, (perHour.get(h) ?? 0) + n);
      const sinceLast = Math.max(0, f.total - f.told);
      f.told = f.total;
      return { host, sinceLast, total: f.total };
    });
    return {
      sinceLast: perHost.reduce((n, h) => n + h.sinceLast, 0),
      total: perHost.reduce((n, h) => n + h.total, 0),
      perHost,
      perHour: [...perHour.entries()].sort(([a], [b]) => a.localeCompare(b)),
    };
  }

  #check(): void {
    if (this.down) throw new Error('ledger unreachable');
  }
}
