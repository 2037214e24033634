import type { Classifier, DeclaredDependency, DetectedEvent } from '@safework/classifier';
import type { ContainerLogLine, DockerLogsError } from '@safework/docker-logs';
import type { MonitorStateStore, MonitorStatus } from '@safework/state-store';
import type { Logger } from 'pino';
import type { MonitorConfig } from '../config/load-config';
import type { DeployBook } from '../deploys/deploy-book';
import type { MaintenanceGate } from '../maintenance/maintenance-gate';
import { CorrelateStage } from './correlate-stage';
import { DetectStage } from './detect-stage';
import { IncidentStage } from './incident-stage';
import { OutageStage } from './outage-stage';
import type { IngestListener, LineSink, LogSource, Reporter } from './ports';
import { RecordStage } from './record-stage';
import { RequestFolding } from './request-folding';
import { ReportStage } from './report-stage';

/** The settings the pipeline reads. */
export type MonitorSettings = Pick<MonitorConfig, 'ERROR_SEVERITY_THRESHOLD' | 'MONITORING_INTERVAL' | 'IP_MASKING' | 'INCIDENT_CONTEXT_LINES' | 'OUTAGE_QUIET_SECONDS'> & {
  readonly dryRun: boolean;
  /** Where Docker is reached, for messages: a socket path or `tcp://host:port`. */
  readonly dockerEndpoint: string;
};

export interface MonitorDeps {
  readonly settings: MonitorSettings;
  readonly source: LogSource;
  readonly store: MonitorStateStore & { outboxDepth(): number };
  readonly reporter: Reporter;
  readonly classifier: Classifier;
  readonly logger: Logger;
  /** `logs/safework-errors.log`: one scrubbed JSON object per detected event. */
  readonly errorLog: LineSink;
  readonly clock: () => Date;
  /** Dependencies the rules file declares (hosts the monitor cannot see as containers). */
  readonly dependencies?: readonly DeclaredDependency[];
  /**
   * A stream idle this long has its open record (a traceback, say) released; default 100 ms.
   * A logger writes a record and its traceback in one write, so they arrive together; a lone
   * error line waits only this long to be sure no traceback follows.
   */
  readonly quietMs?: number;
  /** Why nothing is filed although a token is set (a public repository), or null. */
  readonly filingHeld?: () => string | null;
  /** With several hosts: this host's id and whether the shared Redis answers. */
  readonly sharedState?: () => { hostId: string; connected: boolean } | null;
  /** Maintenance windows (the CLI's): what they cover is counted and logged, not filed. */
  readonly maintenance?: MaintenanceGate;
  /** Deploys seen in the samples; every reported event carries its container's image. */
  readonly deploys?: DeployBook;
}

/**
 * The pipeline: ingest (a `LogSource`) → detect → correlate → record → report, and container
 * life → incidents. Counters, the errors log and the reporter's outbox are written inside the
 * log checkpoint's commit, and the checkpoint stops short of lines still held in an unfinished
 * record, so a crash neither loses nor doubles them. It owns no timer: the composition root
 * calls `flushQuiet`, `kickDrain` and `tick` on its schedule.
 */
export class Monitor {
  readonly #d: MonitorDeps;
  readonly #detect: DetectStage;
  readonly #correlate = new CorrelateStage();
  readonly #folding = new RequestFolding();
  readonly #record: RecordStage;
  readonly #report: ReportStage;
  readonly #incidents: IncidentStage;
  readonly #outages: OutageStage;
  readonly #lastLineAt = new Map<string, { container: string; stream: 'stdout' | 'stderr'; at: number }>();
  readonly #errors: Record<string, number> = {};
  #state: MonitorStatus['state'] = 'starting';
  #dockerConnected = false;
  #lastUnreachableLog = -Infinity;

  constructor(deps: MonitorDeps) {
    this.#d = deps;
    const s = deps.settings;
    this.#detect = new DetectStage(deps.classifier);
    this.#record = new RecordStage({ store: deps.store, errorLog: deps.errorLog, scrub: { ip: s.IP_MASKING } });
    this.#report = new ReportStage({ reporter: deps.reporter, logger: deps.logger, ...(deps.maintenance === undefined ? {} : { maintenance: deps.maintenance }), ...(deps.deploys === undefined ? {} : { deploys: deps.deploys }) });
    this.#outages = new OutageStage({ reporter: deps.reporter, logger: deps.logger, quietMs: s.OUTAGE_QUIET_SECONDS * 1000, lastLines: (c) => this.#incidents.lastLines(c), ...(deps.dependencies === undefined ? {} : { dependencies: deps.dependencies }) });
    this.#incidents = new IncidentStage({
      outages: this.#outages,
      store: deps.store,
      record: this.#record,
      report: this.#report,
      logger: deps.logger,
      clock: deps.clock,
      facts: (container) => deps.source.facts(container),
      contextLines: s.INCIDENT_CONTEXT_LINES,
      unhealthyForMs: s.MONITORING_INTERVAL * 1000,
      ...(deps.deploys === undefined ? {} : { deploys: deps.deploys }),
    });
  }

  /** Starts ingesting; never throws for an unreachable engine (the source retries). */
  async start(): Promise<void> {
    this.#outages.adopt(this.#d.reporter.openOutages(), this.#d.clock());
    await this.#d.source.start(this.#listener());
    this.#state = 'running';
    this.heartbeat();
    void this.#d.source.sampleNow();
  }

  /** Stops ingesting, releases open records, persists, and gives the outbox a last chance. */
  async stop(timeoutMs = 8000): Promise<void> {
    this.#state = 'stopping';
    await this.#d.source.stop();
    for (const container of new Set([...this.#lastLineAt.values()].map((v) => v.container))) {
      await this.#d.source.settle(container, () => this.#handle(this.#detect.flush({ container }, this.#d.clock()), this.#d.clock()));
    }
    const deadline = new Promise((r) => setTimeout(r, Math.max(0, timeoutMs - 1000)));
    await Promise.race([this.#report.drainNow(), deadline]);
    this.#state = 'stopped';
    this.heartbeat();
  }

  /** Releases records of streams quiet for `quietMs` (call every 25 ms). */
  flushQuiet(): void {
    const now = this.#d.clock();
    for (const v of this.#lastLineAt.values()) {
      if (now.getTime() - v.at < (this.#d.quietMs ?? 100) || !this.#detect.hasPending(v)) continue;
      this.#settle(v.container, () => this.#handle(this.#detect.flush(v, now), now));
    }
  }

  /** Starts a GitHub drain unless one runs (call every second, and after new events). */
  kickDrain(): void {
    if (this.#active) this.#report.kick();
  }

  /** Writes the heartbeat and queues due digests (call every `MONITORING_INTERVAL`). */
  async tick(): Promise<void> {
    this.heartbeat();
    await this.#report.tick();
  }

  status(): MonitorStatus {
    const now = this.#d.clock().getTime();
    return {
      state: this.#state,
      dockerConnected: this.#dockerConnected,
      following: [...this.#d.source.following],
      outboxDepth: this.#d.store.outboxDepth(),
      lastReporterError: this.#d.reporter.lastError ?? null,
      dryRun: this.#d.settings.dryRun,
      filingHeld: this.#d.filingHeld?.() ?? null,
      sharedState: this.#d.sharedState?.() ?? null,
      maintenance: (this.#d.maintenance?.open(this.#d.clock()) ?? []).map((w) => ({ reason: w.reason, until: w.endsAt, containers: w.containers === null ? null : [...w.containers] })),
      events: this.#record.count,
      incidents: this.#incidents.count,
      ingestLagSeconds: Object.fromEntries([...this.#lastLineAt].map(([k, v]) => [k, Math.round((now - v.at) / 1000)])),
      errors: { ...this.#errors, ...this.#d.reporter.errors },
    };
  }

  heartbeat(): void {
    try {
      this.#d.store.writeHeartbeat('monitor', this.#d.clock().toISOString(), this.status());
    } catch (error) {
      this.#d.logger.error({ cause: messageOf(error) }, 'cannot write heartbeat');
    }
  }

  get #active(): boolean {
    return this.#state === 'running' || this.#state === 'starting';
  }

  #listener(): IngestListener {
    return {
      lines: (container, lines) => this.#lines(container, lines),
      streamEnded: (container) => this.#settle(container, () => this.#handle(this.#detect.flush({ container }, this.#d.clock()), this.#d.clock())),
      rolledBack: (container) => this.#detect.forget(container),
      // Lines of an unfinished record are not checkpointed: after a crash they are read again.
      held: (container) => this.#detect.held(container),
      error: (error) => this.#onSourceError(error),
      connection: (up) => {
        this.#dockerConnected = up;
        if (up) this.#d.logger.info({ docker: this.#d.settings.dockerEndpoint }, 'connected to the Docker Engine');
      },
      containerEvent: (e) => {
        if (this.#active) void this.#incidents.onEvent(e, () => this.#active);
      },
      samples: (samples) => {
        if (this.#active) this.#incidents.onSamples(samples);
      },
    };
  }

  /** Runs inside the checkpoint's commit. */
  #lines(container: string, lines: readonly ContainerLogLine[]): void {
    const now = this.#d.clock();
    const events: DetectedEvent[] = [];
    this.#incidents.remember(container, lines);
    for (const line of lines) {
      const found = this.#detect.push(line, now);
      for (let i = 0; i < found.length; i++) events.push(found[i] as DetectedEvent);
    }
    for (const stream of new Set(lines.map((l) => l.stream))) this.#lastLineAt.set(`${container}/${stream}`, { container, stream, at: now.getTime() });
    if (events.length > 0) this.#handle(events, now);
  }

  #handle(detected: DetectedEvent[], now: Date): void {
    if (detected.length === 0) return;
    const events = this.#folding.fold(this.#correlate.correlate(detected, now), now);
    if (events.length === 0) return;
    this.#record.record(events, now);
    this.#report.report(this.#outages.issueEvents(events, now), now);
    this.kickDrain();
  }

  /**
   * Releases held records with a checkpoint. A failed commit (state directory full, say) is
   * logged and rolled back: the held lines stay unreleased and are read again, never lost.
   */
  #settle(container: string, work: () => void): void {
    this.#d.source.settle(container, work).catch((error: unknown) => {
      this.#detect.forget(container);
      this.#d.logger.error({ container, cause: messageOf(error) }, 'cannot save a checkpoint; the lines will be read again');
    });
  }

  #onSourceError(error: DockerLogsError): void {
    this.#errors[error.code] = (this.#errors[error.code] ?? 0) + 1;
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    if (error.code === 'DLG_ERR_UNREACHABLE') {
      this.#dockerConnected = false;
      const now = this.#d.clock().getTime();
      // Say it plainly, but once a minute, not on every retry.
      if (now - this.#lastUnreachableLog > 60_000) {
        this.#lastUnreachableLog = now;
        this.#d.logger.error({ docker: this.#d.settings.dockerEndpoint, cause }, `Docker is not reachable at ${this.#d.settings.dockerEndpoint}; retrying every few seconds`);
      }
      return;
    }
    this.#d.logger.warn({ code: error.code, container: error.container, cause }, error.message);
    // Lines that will never be read belong where the errors are, not only in our own log.
    if (error.code === 'DLG_ERR_GONE' || error.code === 'DLG_ERR_CATCH_UP_CUT') {
      this.#record.note({ notice: error.code, container: error.container, message: error.message, detectedAt: this.#d.clock().toISOString() });
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
