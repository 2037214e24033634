/** A maintenance window: while it lasts, the monitor counts and logs but files nothing. */
export interface MaintenanceWindow {
  readonly id: number;
  /** ISO times; a window ended early has its `endsAt` moved to when it was ended. */
  readonly startsAt: string;
  readonly endsAt: string;
  /** The containers (or Compose services) it covers; null for every container. */
  readonly containers: readonly string[] | null;
  readonly reason: string | null;
}

/** A window to open. */
export type NewMaintenanceWindow = Omit<MaintenanceWindow, 'id'>;

/** Port: the maintenance windows, written by the CLI in one process and read by the monitor in another. */
export interface MaintenanceStore {
  startMaintenance(window: NewMaintenanceWindow): MaintenanceWindow;
  /** Ends every window open at `at` (of `containers` only, when given); returns how many. */
  endMaintenance(at: Date, containers?: readonly string[]): number;
  /** Windows that end after `since`: the open ones and those still to come. */
  maintenanceWindows(since: Date): MaintenanceWindow[];
}

/** True while `window` is open at `now`. */
export function isOpen(window: MaintenanceWindow, now: Date): boolean {
  const t = now.getTime();
  return Date.parse(window.startsAt) <= t && t < Date.parse(window.endsAt);
}

/** True when `window` covers a container known by any of `names` (its name, its service). */
export function covers(window: MaintenanceWindow, names: readonly string[]): boolean {
  return window.containers === null || names.some((n) => window.containers?.includes(n) === true);
}
