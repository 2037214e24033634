import type { IssueEvent } from '@safework/github-reporter';
import { covers, isOpen, type MaintenanceStore, type MaintenanceWindow } from '@safework/state-store';

export interface MaintenanceGateOptions {
  /** Where the CLI writes windows (another process: the same state database). */
  readonly store: Pick<MaintenanceStore, 'maintenanceWindows'>;
  /**
   * Windows are re-read at most this often. Default 100 ms: an operator opens a window and
   * stops the database at once, and the app's first error came 0.5 s after the window was
   * written — with a second between reads, it was let through and reopened the issue.
   */
  readonly refreshMs?: number;
  /** How long after a window a problem it held back is still said to have gone on past it. Default 1 h. */
  readonly noteForMs?: number;
}

interface Held {
  readonly window: MaintenanceWindow;
  /** Occurrences held back, by fingerprint. */
  readonly fingerprints: Map<string, number>;
}

/**
 * Maintenance windows in the report path: an event of a container a window covers (by its
 * name, or the container that reported a dependency's failure) is held back while the window
 * is open: counted and logged upstream, never filed, never a reopening. A fingerprint held back
 * that goes on after the window ended is filed as usual, its issue saying so: one issue per
 * problem that outlived the window, none for one that stopped.
 */
export class MaintenanceGate {
  readonly #store: MaintenanceGateOptions['store'];
  readonly #refreshMs: number;
  readonly #noteForMs: number;
  #windows: MaintenanceWindow[] = [];
  #readAt = Number.NEGATIVE_INFINITY;
  readonly #held = new Map<number, Held>();

  constructor(options: MaintenanceGateOptions) {
    this.#store = options.store;
    this.#refreshMs = options.refreshMs ?? 100;
    this.#noteForMs = options.noteForMs ?? 3600_000;
  }

  /** The windows open at `now`. */
  open(now: Date): MaintenanceWindow[] {
    this.#refresh(now);
    return this.#windows.filter((w) => isOpen(w, now));
  }

  /** The events to report: those no open window holds, with a note when they outlived one. */
  pass(events: readonly IssueEvent[], now: Date): IssueEvent[] {
    const open = this.open(now);
    if (open.length === 0 && this.#held.size === 0) return events as IssueEvent[];
    const out: IssueEvent[] = [];
    for (const event of events) {
      const names = event.reportedBy === undefined ? [event.container] : [event.container, event.reportedBy];
      const window = open.find((w) => covers(w, names));
      if (window !== undefined) {
        const held = this.#held.get(window.id) ?? { window, fingerprints: new Map<string, number>() };
        this.#held.set(window.id, held);
        held.fingerprints.set(event.fingerprint, (held.fingerprints.get(event.fingerprint) ?? 0) + 1);
        continue;
      }
      out.push(this.#noted(event, now));
    }
    return out;
  }

  /** True when an open window holds `event` back (a container incident, say). */
  holds(event: IssueEvent, now: Date): boolean {
    return this.pass([event], now).length === 0;
  }

  #noted(event: IssueEvent, now: Date): IssueEvent {
    for (const { window, fingerprints } of this.#held.values()) {
      const held = fingerprints.get(event.fingerprint);
      if (held === undefined || isOpen(window, now)) continue;
      return Object.assign({}, event, { maintenance: { reason: window.reason, from: window.startsAt, until: window.endsAt, held } });
    }
    return event;
  }

  #refresh(now: Date): void {
    const t = now.getTime();
    if (t - this.#readAt < this.#refreshMs) return;
    this.#readAt = t;
    this.#windows = this.#store.maintenanceWindows(new Date(t - this.#noteForMs));
    // A window ended early by the CLI has its new end here; one long past is forgotten.
    for (const [id, held] of this.#held) {
      const current = this.#windows.find((w) => w.id === id);
      if (current === undefined) this.#held.delete(id);
      else this.#held.set(id, { window: current, fingerprints: held.fingerprints });
    }
  }
}
