import type { ScrubOptions } from '../scrub/scrubber';
import { T, TYPE_NAMES } from './issue-texts';
import type { IssueEvent, Occurrences, OutageRecovery } from './issue-event';
import { codeBlock, elideMiddle, inlineCode, safeText } from './markdown';
import { recommendationsFor, type IssueLanguage } from './recommendations';

/** GitHub rejects issue and comment bodies over 65 536 characters. */
export const MAX_BODY_CHARS = 65_536;
/** Room kept below the limit for everything but the traceback. */
const BODY_BUDGET = 60_000;

export interface ComposeOptions {
  readonly lang?: IssueLanguage;
  /**
   * How the reporter scrubs what comes from the logs, once, when an event enters it: the
   * composer is handed scrubbed events and only fences or escapes them.
   */
  readonly scrub?: ScrubOptions;
}

export interface ComposedIssue {
  readonly title: string;
  readonly body: string;
  readonly labels: string[];
}


/** The label every issue of ours carries; reconciliation lists issues by it. */
export const AUTO_LABEL = '🚨 auto-error';

/** Labels exactly as the seed lists them. */
export function issueLabels(event: Pick<IssueEvent, 'container' | 'severity' | 'type' | 'deploy'>): string[] {
  const safe = (s: string): string => s.replace(/[^\w.-]+/g, '-').slice(0, 40);
  const labels = [AUTO_LABEL, 'bug', `container-${safe(event.container)}`, `severity-${event.severity}`, `type-${event.type}`];
  return event.deploy === undefined ? labels : [...labels, NEW_IN_DEPLOY_LABEL];
}

/** The label of a problem first seen within `DEPLOY_WINDOW` after its container's deploy. */
export const NEW_IN_DEPLOY_LABEL = 'new-in-deploy';

/** The hidden marker reconciliation looks for. */
export function marker(fingerprint: string, nonce: string): string {
  return `<!-- safework-monitor fingerprint=${fingerprint} nonce=${nonce} -->`;
}

const MARKER = /<!-- safework-monitor fingerprint=(v\d+-[0-9a-f]+) nonce=([\w-]+) -->/;

/** Reads the marker back from an issue body. */
export function parseMarker(body: string | null | undefined): { fingerprint: string; nonce: string } | undefined {
  const m = MARKER.exec(body ?? '');
  return m?.[1] && m[2] ? { fingerprint: m[1], nonce: m[2] } : undefined;
}

function shortMessage(message: string): string {
  const first = message.split('\n').find((l) => l.trim() !== '') ?? message;
  const flat = first.replace(/\s+/g, ' ').trim();
  return flat.length > 90 ? `${flat.slice(0, 89)}…` : flat;
}

/** Title: `🚨 [<container>] <Type> — <short message>`; no time, so it stays equal. */
export function composeTitle(event: IssueEvent, options: ComposeOptions = {}): string {
  const lang = options.lang ?? 'ko';
  const typeName = (TYPE_NAMES as Readonly<Record<string, Record<IssueLanguage, string> | undefined>>)[event.type]?.[lang] ?? event.type;
  const message = shortMessage(event.message).replace(/@(?=\w)/g, '@\u2060');
  return `🚨 [${event.container}] ${typeName} — ${message}`;
}

/**
 * The issue body in the seed's order. Everything from the logs (scrubbed already, when the
 * reporter took the event) is fenced or made safe text; the traceback's middle is elided to
 * fit GitHub's limit.
 */
export function composeIssue(event: IssueEvent, occurrences: Occurrences, nonce: string, options: ComposeOptions = {}): ComposedIssue {
  const lang = options.lang ?? 'ko';
  const t = T[lang];
  const rows: Array<[string, string]> = [
    [t.type, inlineCode(event.type)],
    [t.severity, `**${event.severity}**`],
    [t.firstSeen, inlineCode(occurrences.firstSeen)],
    [t.lastSeen, inlineCode(occurrences.lastSeen)],
    [t.container, inlineCode(event.container)],
  ];
  if (event.reportedBy !== undefined && event.reportedBy !== event.container) rows.push([t.reportedBy, inlineCode(event.reportedBy)]);
  if (event.seenOn !== undefined && event.seenOn.length > 0) rows.push([t.seenOn, event.seenOn.map(inlineCode).join(', ')]);
  if (event.image) rows.push([t.image, inlineCode(event.image)]);
  if (event.deploy) rows.push([t.deploy, `${inlineCode(event.deploy.container)}: ${inlineCode(event.deploy.fromImage)} → ${inlineCode(event.deploy.toImage)}, ${inlineCode(event.deploy.at)}`]);
  const parts: string[] = [
    `## ${t.heading}`,
    '',
    `| ${t.field} | ${t.value} |`,
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`),
    '',
    ...(event.maintenance === undefined ? [] : [`> 🛠 **${t.maintenance}**: ${safeText(t.afterMaintenance(event.maintenance.from, event.maintenance.until, event.maintenance.held, event.maintenance.reason))}`, '']),
    `### ${t.message}`,
    codeBlock(event.message, 'text'),
  ];
  const fixed = (tb: string): string[] => {
    const out: string[] = [];
    if (tb !== '') out.push('', `### ${t.traceback}`, codeBlock(tb, 'python'));
    if (event.context && event.context.length > 0) out.push('', `### ${t.context}`, codeBlock(event.context.join('\n'), 'text'));
    const req = event.request;
    if (req && (req.method || req.url || req.clientIp)) {
      out.push('', `### ${t.request}`);
      if (req.method) out.push(`- ${t.method}: ${inlineCode(req.method)}`);
      if (req.url) out.push(`- ${t.url}: ${inlineCode(req.url)}`);
      if (req.clientIp) out.push(`- ${t.ip}: ${inlineCode(req.clientIp)}`);
      if (req.status !== undefined) out.push(`- ${t.status}: ${inlineCode(String(req.status))}`);
    }
    const user = event.user;
    if (user && (user.id || user.name)) {
      out.push('', `### ${t.user}`);
      if (user.id) out.push(`- ${t.userId}: ${inlineCode(user.id)}`);
      if (user.name) out.push(`- ${t.userName}: ${inlineCode(user.name)}`);
    }
    out.push('', `### ${t.actions}`, ...recommendationsFor(event.type, lang).map((a) => `- [ ] ${a}`));
    out.push('', `### ${t.counts}`, `- ${t.total}: ${occurrences.total}`, `- ${t.lastHour}: ${occurrences.lastHour}`);
    const dep = event.dependency;
    const why = dep === undefined ? t.whyText(event.fingerprint, event.traceback !== undefined) : t.whyDependency(event.fingerprint, dep.kind, dep.host ?? '*', dep.failure);
    out.push('', `### ${t.why}`, safeText(why));
    out.push('', '---', `_${t.footer}_`, marker(event.fingerprint, nonce));
    return out;
  };
  const head = parts.join('\n');
  const traceback = event.traceback ?? '';
  const rest = fixed(traceback).join('\n');
  let body = `${head}\n${rest}`;
  if (body.length > BODY_BUDGET) {
    const room = Math.max(1000, BODY_BUDGET - head.length - fixed('').join('\n').length - 200);
    body = `${head}\n${fixed(elideMiddle(traceback, room, t.elided)).join('\n')}`;
  }
  if (body.length > MAX_BODY_CHARS) body = `${body.slice(0, MAX_BODY_CHARS - 200)}\n…\n${marker(event.fingerprint, nonce)}`;
  return { title: composeTitle(event, options), body, labels: issueLabels(event) };
}

/** A digest comment: counts since the last one, first/last seen, per-hour counts, one sample. */
export function composeDigest(
  event: IssueEvent,
  occurrences: Occurrences & {
    readonly sinceLast: number;
    readonly perHour: ReadonlyArray<readonly [string, number]>;
    /** With several hosts: each host's share (since the last digest, in all). */
    readonly perHost?: ReadonlyArray<{ readonly host: string; readonly sinceLast: number; readonly total: number }>;
    /** The images it has been seen in, the first one first. */
    readonly images?: readonly string[];
  },
  options: ComposeOptions = {},
): string {
  const lang = options.lang ?? 'ko';
  const t = T[lang];
  const lines = [
    `### ${t.digest}`,
    `- ${t.since}: **${occurrences.sinceLast}**`,
    `- ${t.total}: ${occurrences.total}`,
    `- ${t.firstSeen}: ${inlineCode(occurrences.firstSeen)}`,
    `- ${t.lastSeen}: ${inlineCode(occurrences.lastSeen)}`,
    ...(occurrences.images === undefined || occurrences.images.length === 0 ? [] : [`- ${t.images}: ${occurrences.images.map(inlineCode).join(', ')}`]),
  ];
  if (occurrences.perHour.length > 0) {
    lines.push('', `| ${t.perHour} | # |`, '| --- | --- |', ...occurrences.perHour.map(([h, n]) => `| ${inlineCode(h)} | ${n} |`));
  }
  if (occurrences.perHost !== undefined && occurrences.perHost.length > 0) {
    lines.push('', `| ${t.perHost} | # |`, '| --- | --- |', ...occurrences.perHost.map((h) => `| ${inlineCode(h.host)} | ${h.sinceLast} / ${h.total} |`));
  }
  lines.push('', `${t.sample}:`, codeBlock(elideMiddle(event.traceback ?? event.message, 20_000, t.elided), 'text'));
  return lines.join('\n');
}

/** The comment that goes with a reopen. */
export function composeRegression(event: IssueEvent, occurrences: Occurrences, options: ComposeOptions = {}, image?: string): string {
  const lang = options.lang ?? 'ko';
  const t = T[lang];
  return [
    t.regression,
    ...(image === undefined ? [] : ['', t.regressedIn(inlineCode(image))]),
    '',
    `- ${t.lastSeen}: ${inlineCode(occurrences.lastSeen)}`,
    `- ${t.total}: ${occurrences.total}`,
    '',
    codeBlock(elideMiddle(event.traceback ?? event.message, 20_000, t.elided), 'text'),
  ].join('\n');
}

/** The comment that says why a silence was lifted: it expired, or the rate passed `untilRate`× the rate at muting. */
export function composeSilenceLifted(
  silence: { readonly createdAt: string; readonly until: string; readonly untilRate: number | null; readonly rateAtMute: number },
  lift: { readonly reason: 'expired' } | { readonly reason: 'rate'; readonly rate: number },
  options: ComposeOptions = {},
): string {
  const t = T[options.lang ?? 'ko'];
  const n = (x: number): string => (Math.round(x * 10) / 10).toString();
  return lift.reason === 'expired' ? t.silenceExpired(silence.createdAt, silence.until) : t.silenceRate(n(lift.rate), silence.untilRate ?? 0, n(silence.rateAtMute));
}

/** The line an open issue gets when its container is deployed while it is open. */
export function composeDeployNote(d: { readonly container: string; readonly fromImage: string; readonly toImage: string; readonly at: string }, options: ComposeOptions = {}): string {
  return T[options.lang ?? 'ko'].deployed(inlineCode(d.container), inlineCode(d.fromImage), inlineCode(d.toImage), inlineCode(d.at));
}

/** The comment that goes with a severity label swap. */
export function composeEscalation(from: string, to: string, options: ComposeOptions = {}): string {
  return T[options.lang ?? 'ko'].escalated(from, to);
}

/** The comment that goes with closing an outage issue on recovery. */
export function composeRecovery(r: OutageRecovery, options: ComposeOptions = {}): string {
  const t = T[options.lang ?? 'ko'];
  const minutes = Math.max(0, Math.round((Date.parse(r.recoveredAt) - Date.parse(r.firstError)) / 60_000));
  const lines = [
    t.recovered(r.dependency, minutes, r.errors, r.failedRequests, r.quietSeconds),
    '',
    `#### ${t.timeline}`,
    `- ${t.firstError}: ${inlineCode(r.firstError)}`,
    ...(r.downAt === undefined ? [] : [`- ${t.dependencyDown}: ${inlineCode(r.downAt)}`]),
    `- ${t.recoveredAt}: ${inlineCode(r.recoveredAt)}`,
  ];
  const byType = Object.entries(r.byType).sort((a, b) => b[1] - a[1]);
  if (byType.length > 0) lines.push('', `| ${t.type} | # |`, '| --- | --- |', ...byType.map(([k, n]) => `| ${inlineCode(k)} | ${n} |`));
  if (r.containers.length > 0) lines.push('', `- ${t.affectedContainers}: ${r.containers.map(inlineCode).join(', ')}`);
  if (r.routes.length > 0) lines.push(`- ${t.affectedRoutes}: ${r.routes.slice(0, 20).map(inlineCode).join(', ')}`);
  return lines.join('\n');
}
