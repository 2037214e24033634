import type { DeclaredDependency, DetectedEvent } from '@safework/classifier';
import type { ContainerSnapshot } from '@safework/docker-logs';
import type { IssueEvent } from '@safework/github-reporter';
import type { Logger } from 'pino';
import { OutageBook, type OutageRef } from '../outages/outage-book';
import { ServiceDirectory } from '../outages/service-directory';
import type { Reporter } from './ports';

export interface OutageStageOptions {
  readonly reporter: Pick<Reporter, 'resolve'>;
  readonly logger: Logger;
  /** `OUTAGE_QUIET_SECONDS` in ms. */
  readonly quietMs: number;
  /** A followed container's last log lines (the dependency's own words in an outage issue). */
  readonly lastLines: (container: string) => readonly string[];
  /** Dependencies a rules file declares. */
  readonly dependencies?: readonly DeclaredDependency[];
}

/** Lines of the dependency's own log an outage issue shows. */
const DEPENDENCY_LINES = 15;

/**
 * Outages: a dependency's failures, from whichever container's logs, are filed about the
 * dependency (its container names the issue; the reporting container is evidence); container
 * incidents join the outage they are part of; an outage whose dependency serves again and
 * whose errors stopped is resolved (one recovery comment, closed as completed).
 */
export class OutageStage {
  readonly #o: OutageStageOptions;
  readonly #directory: ServiceDirectory;
  readonly #book: OutageBook;

  constructor(options: OutageStageOptions) {
    this.#o = options;
    this.#directory = new ServiceDirectory(options.dependencies);
    this.#book = new OutageBook(this.#directory, { quietMs: options.quietMs });
  }

  /**
   * Log events as the reporter takes them: a dependency outage's are about the dependency, a
   * replica's about its service (reported by the replica).
   */
  issueEvents(events: readonly DetectedEvent[], now: Date): IssueEvent[] {
    // Passed through as they are (the reporter keeps only what an issue shows), but for outages.
    return events.map((event): IssueEvent => {
      const dependency = event.dependency;
      if (dependency?.failure !== 'unreachable') return event.service === undefined ? event : Object.assign({}, event, { container: event.service, reportedBy: event.container });
      const ref = this.#book.failure(event.fingerprint, dependency.host ?? dependency.kind, { type: event.type, container: event.container, ...(event.request === undefined ? {} : { request: event.request }) }, now.getTime());
      const own = this.#o.lastLines(ref.subject).slice(-DEPENDENCY_LINES);
      return {
        ...event,
        container: ref.subject,
        reportedBy: event.container,
        ...(own.length === 0 ? {} : { context: [`last lines of ${ref.subject}:`, ...own] }),
      };
    });
  }

  /** Outage issues still open from before a restart, to be resolved like any other. */
  adopt(open: ReadonlyArray<{ fingerprint: string; subject: string; firstSeen: string }>, now: Date): void {
    for (const o of open) this.#book.adopt(o.fingerprint, o.subject, o.firstSeen, now.getTime());
  }

  /** Which issue a container incident goes to (see `OutageBook.incident`). */
  incident(container: string, type: string, ownFingerprint: string, now: Date): OutageRef {
    return this.#book.incident(container, type, ownFingerprint, now.getTime());
  }

  /** Takes the containers' state; resolves the outages that are over. Returns how many. */
  samples(snapshots: readonly ContainerSnapshot[], now: Date): number {
    this.#directory.update(snapshots);
    let resolved = 0;
    for (const { fingerprint, recovery } of this.#book.recoveries(now.getTime())) {
      try {
        if (this.#o.reporter.resolve(fingerprint, recovery)) resolved++;
        this.#o.logger.info({ fingerprint, dependency: recovery.dependency, errors: recovery.errors, failedRequests: recovery.failedRequests }, `${recovery.dependency} recovered`);
      } catch (error) {
        this.#o.logger.error({ fingerprint, cause: error instanceof Error ? error.message : String(error) }, 'cannot resolve an outage');
      }
    }
    return resolved;
  }
}
