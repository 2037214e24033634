import { dependencyFingerprint, type DependencyKind } from '@safework/classifier';
import type { OutageRecovery } from '@safework/github-reporter';
import type { ServiceDirectory } from './service-directory';

/** One piece of evidence of an outage: an error or a container incident, where it was seen. */
export interface OutageEvidence {
  readonly type: string;
  /** The container whose logs or life showed it. */
  readonly container: string;
  readonly request?: { readonly method?: string; readonly url?: string; readonly status?: number };
}

/** Which outage an event belongs to: its issue's key, and what the issue is about. */
export interface OutageRef {
  readonly fingerprint: string;
  /** The dependency's container (or its host, when no followed container serves it). */
  readonly subject: string;
}

interface Outage extends OutageRef {
  /** The followed container that serves the dependency, when there is one. */
  readonly container: string | undefined;
  readonly firstError: string;
  downAt?: string;
  lastAt: number;
  errors: number;
  failedRequests: number;
  readonly byType: Record<string, number>;
  readonly containers: Set<string>;
  readonly routes: Set<string>;
}

export interface OutageBookOptions {
  /** Errors must have stopped this long, with the dependency serving, for a recovery (`OUTAGE_QUIET_SECONDS`). */
  readonly quietMs: number;
  /** A container that reported a dependency's failure this recently shows symptoms of it. Default 10 min. */
  readonly symptomWindowMs?: number;
}

function refOf(o: Outage): OutageRef {
  return { fingerprint: o.fingerprint, subject: o.subject };
}

/** The type a dependency's outage is filed under. */
export function typeOfKind(kind: DependencyKind): 'redis_connection' | 'database_connection' {
  return kind === 'redis' ? 'redis_connection' : 'database_connection';
}

/**
 * Open outages, one per failing dependency, and what belongs to them: the dependency's failures
 * from every container's logs, its own death, OOM kill or ill health, and the symptoms in the
 * containers that depend on it (unhealthy, crash-looping) while it is down. An outage recovers
 * when its dependency serves again and its errors have been quiet for `quietMs`. Pure: every
 * call takes `now`.
 */
export class OutageBook {
  readonly #directory: ServiceDirectory;
  readonly #quietMs: number;
  readonly #symptomWindowMs: number;
  readonly #open = new Map<string, Outage>();
  /** Per reporting container, the outages it reported failures of, and when last. */
  readonly #reporters = new Map<string, Map<string, number>>();
  /** The host clients named a container by, last: an incident of it keys like their errors. */
  readonly #hostOf = new Map<string, string>();

  constructor(directory: ServiceDirectory, options: OutageBookOptions) {
    this.#directory = directory;
    this.#quietMs = options.quietMs;
    this.#symptomWindowMs = options.symptomWindowMs ?? 10 * 60_000;
  }

  /** A dependency's failure (it could not be reached) in a container's logs. */
  failure(fingerprint: string, host: string | undefined, evidence: OutageEvidence, now: number): OutageRef {
    const container = host === undefined ? undefined : this.#directory.containerOf(host);
    if (container !== undefined && host !== undefined) this.#hostOf.set(container, host);
    const outage = this.#get(fingerprint, container ?? host ?? 'unknown', container, now);
    this.#count(outage, evidence, now);
    let seen = this.#reporters.get(evidence.container);
    if (seen === undefined) this.#reporters.set(evidence.container, (seen = new Map()));
    seen.set(fingerprint, now);
    return refOf(outage);
  }

  /**
   * A container incident (`type`, with the key it has on its own): the outage of the
   * dependency it is, or the one it is a symptom of, else an outage of its own.
   */
  incident(container: string, type: string, ownFingerprint: string, now: number): OutageRef {
    const evidence = { type, container };
    const served = [...this.#open.values()].find((o) => o.container === container);
    if (served !== undefined) {
      served.downAt ??= new Date(now).toISOString();
      this.#count(served, evidence, now);
      return refOf(served);
    }
    const kind = this.#directory.kindOf(container);
    if (kind !== undefined) {
      const host = this.#hostOf.get(container) ?? this.#directory.serviceOf(container);
      const outage = this.#get(dependencyFingerprint(typeOfKind(kind), { kind, host, failure: 'unreachable' }), container, container, now);
      outage.downAt ??= new Date(now).toISOString();
      this.#count(outage, evidence, now);
      return refOf(outage);
    }
    const cause = this.#causeOf(container, now);
    if (cause !== undefined) {
      this.#count(cause, evidence, now);
      return refOf(cause);
    }
    const own = this.#get(ownFingerprint, container, container, now);
    this.#count(own, evidence, now);
    return refOf(own);
  }

  /**
   * Takes back an outage whose issue is still open from before a restart: it recovers like
   * any other (its dependency serving, quiet since `now`), so no outage issue stays open for
   * good because the monitor restarted in the middle of it.
   */
  adopt(fingerprint: string, subject: string, firstError: string, now: number): void {
    if (this.#open.has(fingerprint)) return;
    this.#open.set(fingerprint, { fingerprint, subject, container: undefined, firstError, lastAt: now, errors: 0, failedRequests: 0, byType: {}, containers: new Set(), routes: new Set() });
  }

  /** Outages that are over at `now`, with their figures; they are forgotten here. */
  recoveries(now: number): Array<{ fingerprint: string; recovery: OutageRecovery }> {
    const over: Array<{ fingerprint: string; recovery: OutageRecovery }> = [];
    for (const o of this.#open.values()) {
      if (now - o.lastAt < this.#quietMs) continue;
      const container = o.container ?? this.#directory.containerOf(o.subject);
      if (container !== undefined && this.#directory.serving(container) !== 'up') continue;
      this.#open.delete(o.fingerprint);
      over.push({
        fingerprint: o.fingerprint,
        recovery: {
          dependency: o.subject,
          firstError: o.firstError,
          ...(o.downAt === undefined ? {} : { downAt: o.downAt }),
          recoveredAt: new Date(now).toISOString(),
          quietSeconds: Math.round(this.#quietMs / 1000),
          errors: o.errors,
          failedRequests: o.failedRequests,
          byType: { ...o.byType },
          containers: [...o.containers].sort(),
          routes: [...o.routes].sort(),
        },
      });
    }
    for (const seen of this.#reporters.values()) for (const fp of seen.keys()) if (!this.#open.has(fp)) seen.delete(fp);
    return over;
  }

  /** Open outages (for status and tests). */
  get open(): readonly OutageRef[] {
    return [...this.#open.values()].map(refOf);
  }

  /** The open outage the container reported failures of most recently, within the window. */
  #causeOf(container: string, now: number): Outage | undefined {
    let best: [Outage, number] | undefined;
    for (const [fp, at] of this.#reporters.get(container) ?? []) {
      const outage = this.#open.get(fp);
      if (outage !== undefined && now - at <= this.#symptomWindowMs && (best === undefined || at > best[1])) best = [outage, at];
    }
    return best?.[0];
  }

  #get(fingerprint: string, subject: string, container: string | undefined, now: number): Outage {
    let outage = this.#open.get(fingerprint);
    if (outage === undefined) {
      outage = { fingerprint, subject, container, firstError: new Date(now).toISOString(), lastAt: now, errors: 0, failedRequests: 0, byType: {}, containers: new Set(), routes: new Set() };
      this.#open.set(fingerprint, outage);
    }
    return outage;
  }

  #count(o: Outage, e: OutageEvidence, now: number): void {
    o.lastAt = now;
    o.errors++;
    o.byType[e.type] = (o.byType[e.type] ?? 0) + 1;
    o.containers.add(e.container);
    const r = e.request;
    if (r !== undefined && (r.method !== undefined || r.url !== undefined || r.status !== undefined)) {
      o.failedRequests++;
      if (r.url !== undefined) o.routes.add(`${r.method ?? '?'} ${r.url.split('?')[0] ?? r.url}`);
    }
  }
}
