import type { MaintenanceStore, MaintenanceWindow, NewMaintenanceWindow } from './maintenance';

/** `MaintenanceStore` in memory, for the monitor's pipeline spec. */
export class InMemoryMaintenanceStore implements MaintenanceStore {
  #windows: MaintenanceWindow[] = [];

  startMaintenance(window: NewMaintenanceWindow): MaintenanceWindow {
    const w = { ...window, id: this.#windows.length + 1 };
    this.#windows.push(w);
    return w;
  }

  endMaintenance(at: Date, containers?: readonly string[]): number {
    let n = 0;
    const t = at.getTime();
    this.#windows = this.#windows.map((w) => {
      const open = Date.parse(w.startsAt) <= t && t < Date.parse(w.endsAt);
      const chosen = containers === undefined || containers.length === 0 || (w.containers !== null && w.containers.some((c) => containers.includes(c)));
      if (!open || !chosen) return w;
      n++;
      return { ...w, endsAt: at.toISOString() };
    });
    return n;
  }

  maintenanceWindows(since: Date): MaintenanceWindow[] {
    return this.#windows.filter((w) => Date.parse(w.endsAt) > since.getTime());
  }
}
