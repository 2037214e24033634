import { fingerprint } from '@safework/classifier';
import type { ContainerEvent, ContainerLogLine, ContainerSample } from '@safework/docker-logs';
import type { MonitorStateStore } from '@safework/state-store';
import type { Logger } from 'pino';
import type { DeployBook } from '../deploys/deploy-book';
import { IncidentDetector, factsOf, type ContainerFacts, type Incident } from '../incidents/incident-detector';
import type { OutageStage } from './outage-stage';
import type { RecordStage } from './record-stage';
import type { ReportStage } from './report-stage';

export interface IncidentStageOptions {
  readonly store: MonitorStateStore;
  readonly record: RecordStage;
  readonly report: ReportStage;
  readonly outages: OutageStage;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** Reads a container's facts when an event needs them (after `die`, `oom`). */
  readonly facts: (container: string) => Promise<ContainerFacts | undefined>;
  /** Lead-up lines attached to an incident (`INCIDENT_CONTEXT_LINES`). */
  readonly contextLines: number;
  /** How long a container must stay unhealthy (one `MONITORING_INTERVAL`). */
  readonly unhealthyForMs: number;
  /** Deploys, told by the samples (a container running another image than before). */
  readonly deploys?: DeployBook;
}


/**
 * Container life → incidents: events and samples go through the `IncidentDetector`, and each
 * incident is opened, counted, logged and reported critical with the container's lead-up
 * lines, its last reported error first.
 */
export class IncidentStage {
  readonly #o: IncidentStageOptions;
  readonly #detector: IncidentDetector;
  /** Per container, its last lines as read (formatted only when an incident needs them). */
  readonly #recent = new Map<string, ContainerLogLine[]>();
  /** Incidents opened since start. */
  count = 0;

  constructor(options: IncidentStageOptions) {
    this.#o = options;
    this.#detector = new IncidentDetector({ unhealthyForMs: options.unhealthyForMs });
  }

  /** A container's last lines (its lead-up). */
  lastLines(container: string): string[] {
    return (this.#recent.get(container) ?? []).slice(-this.#o.contextLines).map((l) => `${l.time} ${l.stream}: ${l.text}`);
  }

  /** Keeps the last lines of a batch as the container's lead-up (a flood's costs one slice per batch). */
  remember(container: string, lines: readonly ContainerLogLine[]): void {
    const keep = this.#o.contextLines;
    if (keep === 0 || lines.length === 0) return;
    const recent = this.#recent.get(container);
    const tail = lines.length > keep ? lines.slice(-keep) : lines;
    if (recent === undefined || tail.length === keep) {
      this.#recent.set(container, [...tail]);
      return;
    }
    recent.push(...tail);
    if (recent.length > 2 * keep) recent.splice(0, recent.length - keep);
  }

  async onEvent(e: ContainerEvent, active: () => boolean): Promise<void> {
    const now = this.#o.clock().getTime();
    this.#o.logger.debug({ container: e.container, action: e.action, exitCode: e.exitCode, health: e.health }, 'container event');
    if (e.action === 'start' && this.#o.deploys !== undefined) {
      // The image now, before the container's first lines: a deploy is not told late by a sample.
      const facts = await this.#o.facts(e.container);
      if (facts !== undefined && active()) this.#deployed([{ name: e.container, image: facts.image, imageId: facts.imageId, startedAt: facts.startedAt }]);
    } else if (e.action === 'kill') {
      this.#detector.onKill(e.container, now);
    } else if (e.action === 'die') {
      const facts = await this.#o.facts(e.container);
      if (!active()) return;
      for (const incident of this.#detector.onDie(e.container, e.exitCode ?? -1, facts, now).incidents) this.#open(incident);
    } else if (e.action === 'oom') {
      const facts = await this.#o.facts(e.container);
      if (!active()) return;
      for (const incident of this.#detector.onOom(e.container, facts?.startedAt, now)) this.#open(incident);
    } else if (e.action === 'health_status' && e.health === 'unhealthy') {
      this.#detector.onUnhealthy(e.container, now);
    }
  }

  onSamples(samples: readonly ContainerSample[]): void {
    const now = this.#o.clock();
    this.#o.store.saveContainers(samples, now.toISOString());
    this.#deployed(samples.map((s) => s.snapshot));
    if (this.#o.outages.samples(samples.map((s) => s.snapshot), now) > 0) this.#o.report.kick();
    for (const { snapshot } of samples) {
      const { incidents, recoveries } = this.#detector.onSample(snapshot.name, factsOf(snapshot), now.getTime());
      for (const incident of incidents) this.#open(incident);
      for (const r of recoveries) {
        this.#o.store.recoverIncidents(r.container, r.type, r.time);
        this.#o.logger.info({ container: r.container, type: r.type }, 'container recovered');
      }
    }
  }

  /** Notes the containers' images: each deploy among them is logged and noted on its open issues. */
  #deployed(images: Parameters<DeployBook['observe']>[0]): void {
    for (const d of this.#o.deploys?.observe(images, this.#o.clock()) ?? []) {
      this.#o.logger.info(d, `deploy: ${d.container} now runs ${d.toImage} (was ${d.fromImage})`);
      if (this.#o.report.noteDeploy(d) > 0) this.#o.report.kick();
    }
  }

  #open(incident: Incident): void {
    const now = this.#o.clock();
    const own = fingerprint({ container: incident.container, type: incident.type, frames: [], message: incident.type });
    // Part of an outage (the dependency's own death, or a symptom of it): that outage's issue.
    const outage = this.#o.outages.incident(incident.container, incident.type, own, now);
    const fp = outage.fingerprint;
    const context = this.lastLines(incident.container);
    // The lead-up's last lines can be all framework noise (gunicorn's HaltServer traceback, seen
    // on the real stack): name the last reported error of the last 10 minutes first.
    const last = this.#o.report.lastReported(incident.container, now);
    if (last) context.unshift(`last error reported from ${incident.container} before this, ${new Date(last.at).toISOString()} (${last.type}): ${last.message.split('\n')[0] ?? ''}`);
    this.count++;
    this.#o.logger.warn({ container: incident.container, type: incident.type }, incident.message);
    const event = { type: incident.type, severity: 'critical' as const, fingerprint: fp, container: outage.subject, reportedBy: incident.container, message: incident.message, time: incident.time, context };
    this.#o.store.transaction(() => {
      this.#o.store.openIncident({ container: incident.container, type: incident.type, fingerprint: fp, message: incident.message, startedAt: incident.time });
      this.#o.store.countEvent(now, incident.container, incident.type, 'critical');
      this.#o.record.note({ ...event, container: incident.container, ...(outage.subject === incident.container ? {} : { outageOf: outage.subject }), detectedAt: now.toISOString() });
      this.#o.report.observe(event, now, false);
    });
    this.#o.report.kick();
  }
}
