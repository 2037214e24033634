import { dependencyFingerprint, type DependencyKind, type DetectedEvent } from '@safework/classifier';

/** How long a dependency's host, once named, stands for its unnamed failures. */
const HOST_MEMORY_MS = 10 * 60_000;

/**
 * Correlate: the pure stage between detection and recording where events that share a cause
 * fold together. A dependency failure that names no host (redis-py's "Connection closed by
 * server") is the same outage as the ones that named it: it takes the host last named for
 * that dependency, and so its fingerprint.
 */
export class CorrelateStage {
  readonly #hosts = new Map<DependencyKind, { host: string; at: number }>();

  correlate(events: DetectedEvent[], now: Date): DetectedEvent[] {
    return events.map((event) => {
      const dependency = event.dependency;
      if (dependency === undefined) return event;
      if (dependency.host !== undefined) {
        this.#hosts.set(dependency.kind, { host: dependency.host, at: now.getTime() });
        return event;
      }
      const known = this.#hosts.get(dependency.kind);
      if (known === undefined || now.getTime() - known.at > HOST_MEMORY_MS) return event;
      const named = { ...dependency, host: known.host };
      return Object.assign({}, event, { dependency: named, fingerprint: dependencyFingerprint(event.type, named) });
    });
  }
}
