import type { IssueEvent } from '@safework/github-reporter';
import type { Logger } from 'pino';
import type { DeployBook } from '../deploys/deploy-book';
import type { MaintenanceGate } from '../maintenance/maintenance-gate';
import type { Reporter } from './ports';

/** The last event a container reported at or above the threshold. */
export interface LastReported {
  readonly type: string;
  readonly message: string;
  readonly at: number;
}

/**
 * Report: hands events to the reporter, which alone decides the threshold and queues what
 * GitHub must hear in the durable outbox (inside the checkpoint's transaction); drains the
 * outbox outside it, one drain at a time.
 */
export class ReportStage {
  readonly #reporter: Reporter;
  readonly #logger: Logger;
  readonly #gate: MaintenanceGate | undefined;
  readonly #deploys: DeployBook | undefined;
  readonly #last = new Map<string, LastReported>();
  #draining: Promise<void> | undefined;
  #ticking: Promise<void> | undefined;

  constructor(options: { reporter: Reporter; logger: Logger; maintenance?: MaintenanceGate; deploys?: DeployBook }) {
    this.#reporter = options.reporter;
    this.#logger = options.logger;
    this.#gate = options.maintenance;
    this.#deploys = options.deploys;
  }

  /**
   * Observes each event (but those a maintenance window holds back); remembers per container
   * the last one that was reported.
   */
  report(all: readonly IssueEvent[], now: Date): void {
    const passed = this.#gate === undefined ? all : this.#gate.pass(all, now);
    if (passed.length === 0) return;
    const deploys = this.#deploys;
    const events = deploys === undefined ? passed : passed.map((e) => deploys.decorate(e, now));
    const results = this.#reporter.observeAll(events);
    // Only each container's last one matters: read from the end.
    const seen = new Set<string>();
    for (let i = events.length - 1; i >= 0; i--) {
      const event = events[i] as IssueEvent;
      const container = event.reportedBy ?? event.container;
      if (results[i] === 'below-threshold' || seen.has(container)) continue;
      seen.add(container);
      this.#last.set(container, { type: event.type, message: event.message, at: now.getTime() });
    }
  }

  /**
   * Observes one issue event: a log event (remembered as the container's last reported error
   * when the reporter takes it) or a container incident (`remember` false).
   */
  observe(event: IssueEvent, now: Date, remember = true): void {
    if (this.#gate?.holds(event, now) === true) return;
    const result = this.#reporter.observe(this.#deploys === undefined ? event : this.#deploys.decorate(event, now));
    if (remember && result !== 'below-threshold') this.#last.set(event.container, { type: event.type, message: event.message, at: now.getTime() });
  }

  /** A deploy: one line on each open issue it spans; returns how many. */
  noteDeploy(deploy: Parameters<Reporter['noteDeploy']>[0]): number {
    try {
      return this.#reporter.noteDeploy(deploy);
    } catch (error) {
      this.#logger.error({ cause: messageOf(error) }, 'cannot note the deploy on open issues');
      return 0;
    }
  }

  /** The container's last reported event of the last `withinMs`: a crash's likely cause. */
  lastReported(container: string, now: Date, withinMs = 10 * 60_000): LastReported | undefined {
    const last = this.#last.get(container);
    return last !== undefined && now.getTime() - last.at < withinMs ? last : undefined;
  }

  /**
   * Queues due digests (every `MONITORING_INTERVAL`); a tick still waiting on the shared ledger
   * is not overtaken by the next one.
   */
  tick(): Promise<void> {
    this.#ticking ??= this.#reporter
      .tick()
      .then(
        () => undefined,
        (error: unknown) => this.#logger.error({ cause: messageOf(error) }, 'cannot queue digests'),
      )
      .finally(() => {
        this.#ticking = undefined;
      });
    return this.#ticking;
  }

  /** Starts a drain unless one is running. */
  kick(): void {
    this.#draining ??= this.drain().finally(() => {
      this.#draining = undefined;
    });
  }

  /** Waits for a drain in flight, then drains once more. */
  async drainNow(): Promise<void> {
    await this.#draining;
    await this.drain();
  }

  async drain(): Promise<void> {
    try {
      const r = await this.#reporter.drain();
      if (r.created + r.commented + r.reopened + r.resolved + r.enriched + r.relabelled + r.dropped > 0) {
        // Only what happened: a person reads this line.
        this.#logger.info(Object.fromEntries(Object.entries(r).filter(([, v]) => v !== 0 && v !== false)), 'GitHub outbox drained');
      }
    } catch (error) {
      this.#logger.error({ cause: messageOf(error) }, 'reporter drain failed');
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
