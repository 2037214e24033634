import type Dockerode from 'dockerode';
import type { Logger } from 'pino';
import { EventDetector, FrequencyEscalator, fingerprint, isAtLeast, type Classifier, type DetectedEvent, type Severity } from '@safework/classifier';
import { ContainerStateWatcher, DockerLogSource, EngineEvents, createSelector, toSnapshot, type ContainerEvent, type ContainerSample, type DockerLogsError } from '@safework/docker-logs';
import { scrub, type IssueReporter, type ScrubOptions } from '@safework/github-reporter';
import type { MonitorStatus, SqliteStateStore } from '@safework/state-store';
import type { MonitorConfig } from '../config/load-config';
import { IncidentDetector, type ContainerFacts, type Incident } from '../incidents/incident-detector';
import type { RotatingFile } from '../logging/rotating-file';

export interface MonitorDeps {
  readonly config: MonitorConfig;
  readonly docker: Dockerode;
  readonly store: SqliteStateStore;
  readonly reporter: IssueReporter;
  readonly classifier: Classifier;
  readonly logger: Logger;
  /** `logs/safework-errors.log`: one scrubbed JSON object per detected event. */
  readonly errorLog: RotatingFile;
  readonly clock?: () => Date;
  /** A stream idle this long has its open record (a traceback, say) released. */
  readonly quietMs?: number;
}

/**
 * The daemon: Docker log lines → records (tracebacks joined) → classification → escalation →
 * counters + `safework-errors.log` → GitHub reporter at or above the threshold; container
 * events → incidents with the lead-up lines. Counters and the reporter's outbox are written in
 * the same transaction as the log checkpoint, and the checkpoint stops short of lines still
 * held in an unfinished record, so a crash neither loses nor doubles them.
 */
export class Monitor {
  readonly #d: MonitorDeps;
  readonly #clock: () => Date;
  readonly #detector: EventDetector;
  readonly #escalator = new FrequencyEscalator();
  readonly #incidents: IncidentDetector;
  readonly #engine: EngineEvents;
  readonly #source: DockerLogSource;
  readonly #watcher: ContainerStateWatcher;
  readonly #scrub: ScrubOptions;
  readonly #recent = new Map<string, string[]>();
  /** The last event at or above the threshold per container: a crash loop's likely cause. */
  readonly #lastReported = new Map<string, { type: string; message: string; at: number }>();
  readonly #lastLineAt = new Map<string, { container: string; stream: string; at: number }>();
  readonly #errors: Record<string, number> = {};
  readonly #timers: NodeJS.Timeout[] = [];
  #state: MonitorStatus['state'] = 'starting';
  #dockerConnected = false;
  #events = 0;
  #incidentCount = 0;
  #index = 0;
  #draining: Promise<unknown> | undefined;
  #lastUnreachableLog = 0;

  constructor(deps: MonitorDeps) {
    this.#d = deps;
    this.#clock = deps.clock ?? (() => new Date());
    this.#detector = new EventDetector(deps.classifier);
    this.#scrub = { ip: deps.config.IP_MASKING };
    this.#incidents = new IncidentDetector({ unhealthyForMs: deps.config.MONITORING_INTERVAL * 1000 });
    const c = deps.config;
    const select = createSelector({
      ...(c.MONITOR_CONTAINERS ? { names: c.MONITOR_CONTAINERS } : {}),
      ...(c.MONITOR_LABELS ? { labels: c.MONITOR_LABELS } : {}),
      ...(c.MONITOR_COMPOSE_PROJECT ? { composeProject: c.MONITOR_COMPOSE_PROJECT } : {}),
      ...(c.MONITOR_SELF_NAME ? { exclude: [c.MONITOR_SELF_NAME] } : {}),
    });
    const lastBeat = deps.store.heartbeat('monitor')?.at;
    // One /events subscription for the log source and the state watcher.
    this.#engine = new EngineEvents({ docker: deps.docker, error: (error) => this.#onDockerError(error) });
    this.#source = new DockerLogSource({
      docker: deps.docker,
      events: this.#engine,
      checkpoints: deps.store,
      select,
      // Containers that ran since the last heartbeat were not followed: their logs are read.
      ...(lastBeat === undefined ? {} : { resumeAfter: lastBeat }),
      catchUpMaxLines: c.CATCH_UP_MAX_LINES,
      listener: {
        lines: (container, lines) => {
          const now = this.#clock();
          const recent = this.#recentOf(container);
          for (const line of lines) {
            recent.push(`${line.time} ${line.stream}: ${line.text}`);
            this.#lastLineAt.set(`${container}/${line.stream}`, { container, stream: line.stream, at: now.getTime() });
            this.#handle(this.#detector.push({ container, stream: line.stream }, `${line.time} ${line.text}`, this.#index++), now);
          }
          if (recent.length > 2 * deps.config.INCIDENT_CONTEXT_LINES) recent.splice(0, recent.length - deps.config.INCIDENT_CONTEXT_LINES);
        },
        streamEnded: (container) => this.#settle(container, () => this.#handle(this.#detector.flush({ container }), this.#clock())),
        rolledBack: (container) => this.#detector.forget(container),
        // Lines of an unfinished record are not checkpointed: after a crash they are read again.
        held: (container) => ({
          stdout: this.#detector.pendingLines({ container, stream: 'stdout' }),
          stderr: this.#detector.pendingLines({ container, stream: 'stderr' }),
        }),
        error: (error) => this.#onDockerError(error),
        connection: (up) => {
          this.#dockerConnected = up;
          if (up) deps.logger.info({ socket: c.DOCKER_SOCKET }, 'connected to the Docker Engine');
        },
      },
    });
    this.#watcher = new ContainerStateWatcher({
      docker: deps.docker,
      events: this.#engine,
      select,
      intervalMs: c.MONITORING_INTERVAL * 1000,
      listener: {
        event: (e) => void this.#onContainerEvent(e),
        sample: (samples) => this.#onSamples(samples),
        error: (error) => this.#onDockerError(error),
      },
    });
  }

  /** Starts ingesting; never throws for an unreachable engine (it retries). */
  async start(): Promise<void> {
    const c = this.#d.config;
    await this.#source.start();
    await this.#watcher.start();
    await this.#engine.start();
    this.#state = 'running';
    this.#every(250, () => this.#flushQuiet());
    this.#every(1000, () => this.#kickDrain());
    this.#every(c.MONITORING_INTERVAL * 1000, () => {
      try {
        this.#d.reporter.tick();
      } catch (error) {
        this.#d.logger.error({ cause: error instanceof Error ? error.message : String(error) }, 'cannot queue digests');
      }
      this.#heartbeat();
    });
    this.#heartbeat();
    void this.#watcher.sampleNow();
  }

  /** Stops ingesting, releases open records, persists, and gives the outbox a last chance. */
  async stop(timeoutMs = 8000): Promise<void> {
    this.#state = 'stopping';
    for (const t of this.#timers) clearInterval(t);
    await this.#source.stop();
    await this.#watcher.stop();
    this.#engine.stop();
    for (const container of new Set([...this.#lastLineAt.values()].map((v) => v.container))) {
      await this.#source.settle(container, () => this.#handle(this.#detector.flush({ container }), this.#clock()));
    }
    // Let a drain in flight finish, then give the outbox one last pass, within the deadline.
    const deadline = new Promise((r) => setTimeout(r, Math.max(0, timeoutMs - 1000)));
    await Promise.race([(this.#draining ?? Promise.resolve()).then(() => this.#drain()), deadline]);
    this.#state = 'stopped';
    this.#heartbeat();
  }

  status(): MonitorStatus {
    const now = this.#clock().getTime();
    return {
      state: this.#state,
      dockerConnected: this.#dockerConnected,
      following: this.#source.following,
      outboxDepth: this.#d.store.outboxDepth(),
      lastReporterError: this.#d.reporter.lastError ?? null,
      dryRun: this.#d.config.GITHUB_TOKEN === undefined,
      events: this.#events,
      incidents: this.#incidentCount,
      ingestLagSeconds: Object.fromEntries([...this.#lastLineAt].map(([k, v]) => [k, Math.round((now - v.at) / 1000)])),
      errors: { ...this.#errors, ...this.#d.reporter.errors },
    };
  }

  /**
   * Releases held records with a checkpoint. A failed commit (state directory full, say) is
   * logged and rolled back: the held lines stay unreleased and are read again, never lost.
   */
  #settle(container: string, work: () => void): void {
    this.#source.settle(container, work).catch((error: unknown) => {
      this.#detector.forget(container);
      this.#d.logger.error({ container, cause: error instanceof Error ? error.message : String(error) }, 'cannot save a checkpoint; the lines will be read again');
    });
  }

  #every(ms: number, fn: () => void): void {
    this.#timers.push(setInterval(fn, ms));
  }

  #recentOf(container: string): string[] {
    let recent = this.#recent.get(container);
    if (!recent) {
      recent = [];
      this.#recent.set(container, recent);
    }
    return recent;
  }

  #flushQuiet(): void {
    const now = this.#clock();
    for (const v of this.#lastLineAt.values()) {
      if (now.getTime() - v.at < (this.#d.quietMs ?? 1000) || !this.#detector.hasPending(v)) continue;
      this.#settle(v.container, () => this.#handle(this.#detector.flush(v), now));
    }
  }

  #handle(events: DetectedEvent[], now: Date): void {
    const threshold = this.#d.config.ERROR_SEVERITY_THRESHOLD;
    for (const event of events) {
      // Symptoms (5xx access lines, gunicorn's boot-failure report) never escalate: their cause
      // is an event of its own, and a symptom repeating must not file a second issue.
      const severity: Severity = event.escalate === false ? event.severity : this.#escalator.observe(event.fingerprint, event.severity, now.getTime());
      this.#events++;
      this.#d.store.countEvent(now, event.container, event.type, severity);
      const { lines: _lines, ...rest } = event;
      this.#writeErrorLog({ ...rest, severity, detectedAt: now.toISOString() });
      if (isAtLeast(severity, threshold)) {
        this.#lastReported.set(event.container, { type: event.type, message: event.message, at: now.getTime() });
        this.#d.reporter.observe({ ...rest, severity });
      }
    }
    if (events.length > 0) this.#kickDrain();
  }

  #writeErrorLog(entry: Record<string, unknown>): void {
    const text = JSON.stringify(entry);
    this.#d.errorLog.write(`${scrub(text, this.#scrub)}\n`);
  }

  async #facts(container: string): Promise<ContainerFacts | undefined> {
    try {
      const s = toSnapshot(await this.#d.docker.getContainer(container).inspect());
      return { restartPolicy: s.restartPolicy, restartPolicyMaxRetries: s.restartPolicyMaxRetries, restartCount: s.restartCount, running: s.running, oomKilled: s.oomKilled, health: s.health, startedAt: s.startedAt };
    } catch {
      return undefined;
    }
  }

  get #active(): boolean {
    return this.#state === 'running' || this.#state === 'starting';
  }

  async #onContainerEvent(e: ContainerEvent): Promise<void> {
    if (!this.#active) return;
    const now = this.#clock().getTime();
    this.#d.logger.debug({ container: e.container, action: e.action, exitCode: e.exitCode, health: e.health }, 'container event');
    if (e.action === 'die') {
      const facts = await this.#facts(e.container);
      if (!this.#active) return;
      const { incidents } = this.#incidents.onDie(e.container, e.exitCode ?? -1, facts, now);
      for (const incident of incidents) this.#incident(incident);
    } else if (e.action === 'oom') {
      const facts = await this.#facts(e.container);
      for (const incident of this.#incidents.onOom(e.container, facts?.startedAt, now)) this.#incident(incident);
    } else if (e.action === 'health_status' && e.health === 'unhealthy') {
      this.#incidents.onUnhealthy(e.container, now);
    }
  }

  #onSamples(samples: readonly ContainerSample[]): void {
    if (!this.#active) return;
    const now = this.#clock();
    this.#d.store.saveContainers(samples, now.toISOString());
    for (const { snapshot: s } of samples) {
      const { incidents, recoveries } = this.#incidents.onSample(
        s.name,
        { restartPolicy: s.restartPolicy, restartPolicyMaxRetries: s.restartPolicyMaxRetries, restartCount: s.restartCount, running: s.running, oomKilled: s.oomKilled, health: s.health, startedAt: s.startedAt },
        now.getTime(),
      );
      for (const incident of incidents) this.#incident(incident);
      for (const r of recoveries) {
        this.#d.store.recoverIncidents(r.container, r.type, r.time);
        this.#d.logger.info({ container: r.container, type: r.type }, 'container recovered');
      }
    }
  }

  #incident(incident: Incident): void {
    const now = this.#clock();
    const fp = fingerprint({ container: incident.container, type: incident.type, frames: [], message: incident.type });
    const context = (this.#recent.get(incident.container) ?? []).slice(-this.#d.config.INCIDENT_CONTEXT_LINES);
    // The lead-up's last lines can be all framework noise (gunicorn's HaltServer traceback, seen
    // on the real stack): name the last reported error of the last 10 minutes first.
    const last = this.#lastReported.get(incident.container);
    if (last && now.getTime() - last.at < 10 * 60_000) {
      context.unshift(`last error reported from ${incident.container} before this, ${new Date(last.at).toISOString()} (${last.type}): ${last.message.split('\n')[0] ?? ''}`);
    }
    this.#incidentCount++;
    this.#d.logger.warn({ container: incident.container, type: incident.type }, incident.message);
    this.#d.store.transaction(() => {
      this.#d.store.openIncident({ container: incident.container, type: incident.type, fingerprint: fp, message: incident.message, startedAt: incident.time });
      this.#d.store.countEvent(now, incident.container, incident.type, 'critical');
      this.#writeErrorLog({ type: incident.type, severity: 'critical', fingerprint: fp, container: incident.container, message: incident.message, time: incident.time, context, detectedAt: now.toISOString() });
      this.#d.reporter.observe({ type: incident.type, severity: 'critical', fingerprint: fp, container: incident.container, message: incident.message, time: incident.time, context });
    });
    this.#kickDrain();
  }

  #onDockerError(error: DockerLogsError): void {
    this.#errors[error.code] = (this.#errors[error.code] ?? 0) + 1;
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    if (error.code === 'DLG_ERR_UNREACHABLE') {
      this.#dockerConnected = false;
      const now = Date.now();
      // Say it plainly, but once a minute, not on every retry.
      if (now - this.#lastUnreachableLog > 60_000) {
        this.#lastUnreachableLog = now;
        this.#d.logger.error({ socket: this.#d.config.DOCKER_SOCKET, cause }, `Docker is not reachable at ${this.#d.config.DOCKER_SOCKET}; retrying every few seconds`);
      }
      return;
    }
    this.#d.logger.warn({ code: error.code, container: error.container, cause }, error.message);
    // Lines that will never be read belong where the errors are, not only in our own log.
    if (error.code === 'DLG_ERR_GONE' || error.code === 'DLG_ERR_CATCH_UP_CUT') {
      this.#writeErrorLog({ notice: error.code, container: error.container, message: error.message, detectedAt: this.#clock().toISOString() });
    }
  }

  #kickDrain(): void {
    if (this.#draining || !this.#active) return;
    this.#draining = this.#drain().finally(() => {
      this.#draining = undefined;
    });
  }

  async #drain(): Promise<void> {
    try {
      const r = await this.#d.reporter.drain();
      if (r.created + r.commented + r.reopened + r.relabelled + r.dropped > 0) this.#d.logger.info(r, 'GitHub outbox drained');
    } catch (error) {
      this.#d.logger.error({ cause: error instanceof Error ? error.message : String(error) }, 'reporter drain failed');
    }
  }

  #heartbeat(): void {
    try {
      this.#d.store.writeHeartbeat('monitor', this.#clock().toISOString(), this.status());
    } catch (error) {
      this.#d.logger.error({ cause: error instanceof Error ? error.message : String(error) }, 'cannot write heartbeat');
    }
  }
}
