import type { DependencyKind } from '@safework/classifier';
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
    this.#byName = byName;
    this.#byContainer = byContainer;
  }

  /** The followed container an endpoint host names, if any. */
  containerOf(host: string): string | undefined {
    return this.#byName.get(host.toLowerCase())?.container;
  }

  /** The kind of service a followed container is, when its image or name says. */
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
