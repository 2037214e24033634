import type { DeclaredDependency, DependencyKind } from '@safework/classifier';
import type { ContainerSnapshot } from '@safework/docker-logs';

/** Whether a followed container is serving: running, and healthy or without a health check. */
export type Serving = 'up' | 'down';

interface Entry {
  readonly container: string;
  readonly kind: DependencyKind | undefined;
  readonly serving: Serving;
  /** The name clients use for it: the Compose service, else the container name. */
  readonly service: string;
}

const COMPOSE_SERVICE = 'com.docker.compose.service';

// What a container serves, by its image, service or name: `redis:7`, `mariadb`, `safework-mysql`.
const KINDS: ReadonlyArray<readonly [DependencyKind, RegExp]> = [
  ['redis', /redis|valkey|keydb/i],
  ['mysql', /mysql|mariadb|percona/i],
  ['postgresql', /postgres/i],
];

/**
 * The followed containers by every name a client may use for them (container name, Compose
 * service, network aliases), from the engine's samples: which container an endpoint in a
 * message is, what kind of service a container is, and whether it is serving.
 */
export class ServiceDirectory {
  #byName = new Map<string, Entry>();
  #byContainer = new Map<string, Entry>();
  readonly #declared: readonly DeclaredDependency[];

  /** `declared`: what a rules file says the monitor cannot see (an external host, a DNS alias). */
  constructor(declared: readonly DeclaredDependency[] = []) {
    this.#declared = declared;
    this.update([]);
  }

  update(snapshots: readonly ContainerSnapshot[]): void {
    const byName = new Map<string, Entry>();
    const byContainer = new Map<string, Entry>();
    for (const s of snapshots) {
      const service = s.labels[COMPOSE_SERVICE] ?? s.name;
      const text = `${s.image} ${service} ${s.name}`;
      const entry: Entry = {
        container: s.name,
        kind: KINDS.find(([, re]) => re.test(text))?.[0],
        serving: s.running && (s.health === 'healthy' || s.health === 'none') ? 'up' : 'down',
        service,
      };
      byContainer.set(s.name, entry);
      for (const name of [s.name, service, ...(s.aliases ?? [])]) byName.set(name.toLowerCase(), entry);
    }
    // Declared: a host that is a followed container's (with its kind), or a service outside.
    for (const d of this.#declared) {
      const followed = d.container === undefined ? undefined : byContainer.get(d.container);
      if (followed !== undefined) {
        const entry = { ...followed, kind: d.kind };
        byContainer.set(followed.container, entry);
        byName.set(followed.container.toLowerCase(), entry);
        byName.set(d.host.toLowerCase(), entry);
      } else if (!byName.has(d.host.toLowerCase())) {
        // Not a container it follows: whether it serves is not known here, so only the quiet counts.
        const entry: Entry = { container: d.container ?? d.host, kind: d.kind, serving: 'up', service: d.host };
        byName.set(d.host.toLowerCase(), entry);
        byContainer.set(entry.container, entry);
      }
    }
    this.#byName = byName;
    this.#byContainer = byContainer;
  }

  /** The followed (or declared) container an endpoint host names, if any. */
  containerOf(host: string): string | undefined {
    return this.#byName.get(host.toLowerCase())?.container;
  }

  /** The kind of service a followed container is, when its image or name (or a declaration) says. */
  kindOf(container: string): DependencyKind | undefined {
    return this.#byContainer.get(container)?.kind;
  }

  /** The name clients use for a container (its Compose service, else its name). */
  serviceOf(container: string): string {
    return this.#byContainer.get(container)?.service ?? container;
  }

  /** Serving or not at the last sample; undefined for a container not followed. */
  serving(container: string): Serving | undefined {
    return this.#byContainer.get(container)?.serving;
  }
}
