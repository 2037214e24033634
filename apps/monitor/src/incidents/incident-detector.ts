import type { ContainerEventType } from '@safework/classifier';
import type { ContainerSnapshot } from '@safework/docker-logs';
/** A container-level incident: always critical. */
export interface Incident {
  readonly type: ContainerEventType;
  readonly container: string;
  readonly message: string;
  readonly time: string;
}

/** A recovery worth recording (it closes nothing by itself). */
export interface Recovery {
  readonly type: Incident['type'];
  readonly container: string;
  readonly time: string;
}

/** The inspect figures the detector needs at an event. */
export interface ContainerFacts {
  readonly restartPolicy: string;
  readonly restartPolicyMaxRetries: number;
  readonly restartCount: number;
  readonly running: boolean;
  readonly oomKilled: boolean;
  readonly health: string;
  readonly startedAt: string;
  /** The image it runs (a deploy is told by its id). */
  readonly image?: string;
  readonly imageId?: string;
}

/** The facts of a docker-logs snapshot (inspect). */
export function factsOf(s: ContainerSnapshot): ContainerFacts {
  return { restartPolicy: s.restartPolicy, restartPolicyMaxRetries: s.restartPolicyMaxRetries, restartCount: s.restartCount, running: s.running, oomKilled: s.oomKilled, health: s.health, startedAt: s.startedAt, image: s.image, ...(s.imageId === undefined ? {} : { imageId: s.imageId }) };
}

export interface IncidentDetectorOptions {
  /** Deaths within the window that make a crash loop. Default 3. */
  readonly crashLoopDeaths?: number;
  readonly crashLoopWindowMs?: number;
  /** How long a container must stay unhealthy (one `MONITORING_INTERVAL`). */
  readonly unhealthyForMs: number;
}

interface State {
  deaths: number[];
  crashLoopOpen: boolean;
  downOpen: boolean;
  /** When the last `kill` was sent to it: the `die` that follows is deliberate. */
  killedAt?: number;
  oomReportedFor?: string;
  unhealthySince?: number;
  unhealthyOpen: boolean;
}

/** How long after a `kill` its container's `die` counts as the operator's stop (`docker stop -t` waits). */
const DELIBERATE_WITHIN_MS = 120_000;

/** True when Docker's restart policy will start the container again after this exit. */
export function willRestart(facts: ContainerFacts, exitCode: number): boolean {
  if (facts.restartPolicy === 'always' || facts.restartPolicy === 'unless-stopped') return true;
  if (facts.restartPolicy !== 'on-failure' || exitCode === 0) return false;
  return facts.restartPolicyMaxRetries === 0 || facts.restartCount < facts.restartPolicyMaxRetries;
}

/**
 * Turns container events and inspect samples into incidents, once per episode: a crash loop
 * (deaths piling up, or an `on-failure:N` policy exhausted), an OOM kill (one incident for the
 * `oom` event and its `die 137`), a container that exited and will not be restarted (down), a
 * container unhealthy for at least one interval. A stop, kill or restart by the operator (a
 * `kill` event before the `die`) is none of these. Pure: every call takes `now`.
 */
export class IncidentDetector {
  readonly #deaths: number;
  readonly #windowMs: number;
  readonly #unhealthyForMs: number;
  readonly #state = new Map<string, State>();

  constructor(options: IncidentDetectorOptions) {
    this.#deaths = options.crashLoopDeaths ?? 3;
    this.#windowMs = options.crashLoopWindowMs ?? 5 * 60_000;
    this.#unhealthyForMs = options.unhealthyForMs;
  }

  #get(container: string): State {
    let s = this.#state.get(container);
    if (!s) {
      s = { deaths: [], crashLoopOpen: false, downOpen: false, unhealthyOpen: false };
      this.#state.set(container, s);
    }
    return s;
  }

  /** A `die` event, with the container's facts right after it. */
  onDie(container: string, exitCode: number, facts: ContainerFacts | undefined, now: number): { incidents: Incident[]; recoveries: Recovery[] } {
    const s = this.#get(container);
    const time = new Date(now).toISOString();
    const incidents: Incident[] = [];
    const oomKilled = exitCode === 137 && facts?.oomKilled === true;
    if (oomKilled) incidents.push(...this.#oom(container, facts.startedAt, time));
    const deliberate = s.killedAt !== undefined && now - s.killedAt <= DELIBERATE_WITHIN_MS;
    delete s.killedAt;
    if (deliberate) return { incidents, recoveries: [] };
    // An OOM kill is its own incident, whatever happens after it.
    const down = facts !== undefined && !oomKilled && !facts.running && !willRestart(facts, exitCode);
    if (exitCode === 0) {
      if (down && !s.downOpen) {
        s.downOpen = true;
        incidents.push({ type: 'container_down', container, message: `Container ${container} exited (code 0) and will not be restarted (restart policy ${facts.restartPolicy})`, time });
      }
      return { incidents, recoveries: [] };
    }
    s.deaths = [...s.deaths.filter((t) => t > now - this.#windowMs), now];
    const exhausted =
      facts !== undefined && facts.restartPolicy === 'on-failure' && facts.restartPolicyMaxRetries > 0 && facts.restartCount >= facts.restartPolicyMaxRetries && !facts.running;
    if (!s.crashLoopOpen && (s.deaths.length >= this.#deaths || exhausted)) {
      s.crashLoopOpen = true;
      const why = exhausted
        ? `restart policy on-failure:${facts.restartPolicyMaxRetries} exhausted after ${facts.restartCount} restarts`
        : `${s.deaths.length} exits within ${Math.round(this.#windowMs / 60_000)} minutes`;
      incidents.push({ type: 'container_crash_loop', container, message: `Container ${container} is crash-looping: ${why} (last exit code ${exitCode})`, time });
    } else if (down && !s.crashLoopOpen && !s.downOpen && incidents.length === 0) {
      s.downOpen = true;
      incidents.push({ type: 'container_down', container, message: `Container ${container} exited with code ${exitCode} and will not be restarted (restart policy ${facts.restartPolicy === '' ? 'no' : facts.restartPolicy})`, time });
    }
    return { incidents, recoveries: [] };
  }

  /** A `kill` event: the operator (or Docker for them) is stopping it. */
  onKill(container: string, now: number): void {
    this.#get(container).killedAt = now;
  }

  /** An `oom` event. */
  onOom(container: string, startedAt: string | undefined, now: number): Incident[] {
    return this.#oom(container, startedAt ?? 'unknown', new Date(now).toISOString());
  }

  #oom(container: string, startedAt: string, time: string): Incident[] {
    const s = this.#get(container);
    // One incident per run of the container: the `oom` event and `die 137` are the same kill.
    if (s.oomReportedFor === startedAt) return [];
    s.oomReportedFor = startedAt;
    return [{ type: 'container_oom', container, message: `Container ${container} was killed for running out of memory (OOM)`, time }];
  }

  /** A sample (inspect) of one container, every interval. */
  onSample(container: string, facts: ContainerFacts, now: number): { incidents: Incident[]; recoveries: Recovery[] } {
    const s = this.#get(container);
    const time = new Date(now).toISOString();
    const incidents: Incident[] = [];
    const recoveries: Recovery[] = [];
    if (facts.oomKilled && !facts.running) incidents.push(...this.#oom(container, facts.startedAt, time));
    // A stopped container keeps its last health status; only a running one can be unhealthy
    // (a stop is deliberate, a death is the crash-loop rule's).
    if (facts.running && facts.health === 'unhealthy') {
      s.unhealthySince ??= now;
      if (!s.unhealthyOpen && now - s.unhealthySince >= this.#unhealthyForMs) {
        s.unhealthyOpen = true;
        incidents.push({ type: 'container_unhealthy', container, message: `Container ${container} has been unhealthy for ${Math.round((now - s.unhealthySince) / 1000)} s`, time });
      }
    } else if (!facts.running || facts.health === 'starting') {
      // Stopped or (re)starting: any earlier unhealthy streak is over; an open incident stays
      // open until the container is healthy again.
      delete s.unhealthySince;
    } else if (facts.health === 'healthy' || facts.health === 'none') {
      if (s.unhealthyOpen) recoveries.push({ type: 'container_unhealthy', container, time });
      delete s.unhealthySince;
      s.unhealthyOpen = false;
    }
    if (facts.running && s.downOpen) {
      s.downOpen = false;
      recoveries.push({ type: 'container_down', container, time });
    }
    if (facts.running && s.crashLoopOpen && s.deaths.every((t) => t <= now - this.#windowMs)) {
      s.crashLoopOpen = false;
      recoveries.push({ type: 'container_crash_loop', container, time });
    }
    return { incidents, recoveries };
  }

  /** An `unhealthy` health event: starts the clock without waiting for the next sample. */
  onUnhealthy(container: string, now: number): void {
    this.#get(container).unhealthySince ??= now;
  }
}
