import type { ErrorType } from '@safework/classifier';
import { scrub, type ScrubOptions } from '../scrub/scrubber';
import type { IssueEvent, Occurrences } from './issue-event';
import { codeBlock, elideMiddle, inlineCode, safeText } from './markdown';
import { recommendationsFor, type IssueLanguage } from './recommendations';

/** GitHub rejects issue and comment bodies over 65 536 characters. */
export const MAX_BODY_CHARS = 65_536;
/** Room kept below the limit for everything but the traceback. */
const BODY_BUDGET = 60_000;

export interface ComposeOptions {
  readonly lang?: IssueLanguage;
  readonly scrub?: ScrubOptions;
}

export interface ComposedIssue {
  readonly title: string;
  readonly body: string;
  readonly labels: string[];
}

// Keyed by the classifier's one list of types: a type without a name here does not compile.
const TYPE_NAMES: Readonly<Record<ErrorType, Record<IssueLanguage, string>>> = {
  database_connection: { ko: 'DB 연결 오류', en: 'Database connection' },
  redis_connection: { ko: 'Redis 연결 오류', en: 'Redis connection' },
  application_error: { ko: '애플리케이션 오류', en: 'Application error' },
  survey_system: { ko: '설문 시스템 오류', en: 'Survey system' },
  authentication: { ko: '인증 오류', en: 'Authentication' },
  container_crash_loop: { ko: '컨테이너 재시작 반복', en: 'Container crash loop' },
  container_oom: { ko: '컨테이너 메모리 부족(OOM)', en: 'Container out of memory' },
  container_unhealthy: { ko: '컨테이너 헬스체크 실패', en: 'Container unhealthy' },
};

const T = {
  ko: {
    heading: '🚨 자동 감지된 오류',
    field: '항목',
    value: '값',
    type: '오류 유형',
    severity: '심각도',
    firstSeen: '최초 발생',
    lastSeen: '마지막 발생',
    container: '컨테이너',
    image: '이미지',
    message: '오류 메시지',
    traceback: '트레이스백',
    context: '직전 로그',
    request: '요청 정보',
    method: '메서드',
    url: 'URL',
    ip: '클라이언트 IP',
    status: '상태 코드',
    user: '사용자 정보',
    userId: '사용자 ID',
    userName: '사용자 이름',
    actions: '권장 조치',
    counts: '발생 현황',
    total: '총 발생 횟수',
    lastHour: '최근 1시간',
    why: '묶음 기준',
    whyText: (fp: string, tb: boolean) =>
      tb
        ? `같은 예외 유형과 같은 앱 코드 위치(줄 번호 제외)에서 발생한 오류를 하나로 묶었습니다 (fingerprint ${fp}).`
        : `시간, 호스트, 포트, ID 같은 가변 값을 뺀 메시지가 같은 오류를 하나로 묶었습니다 (fingerprint ${fp}).`,
    footer: 'SafeWork Monitor가 자동으로 생성한 이슈입니다. 같은 문제가 다시 발생하면 이 이슈에 요약 댓글이 달립니다.',
    elided: (n: number) => `… (${n}줄 생략) …`,
    digest: '🔁 재발 요약',
    since: '지난 요약 이후',
    sample: '최근 샘플',
    perHour: '시간대별',
    regression: '♻️ 해결된 것으로 닫힌 문제가 다시 발생했습니다 (회귀). 이슈를 다시 엽니다.',
    escalated: (from: string, to: string) => `⬆️ 심각도가 ${from} → ${to}(으)로 올라갔습니다 (짧은 시간에 반복 발생).`,
  },
  en: {
    heading: '🚨 Automatically detected error',
    field: 'Field',
    value: 'Value',
    type: 'Error type',
    severity: 'Severity',
    firstSeen: 'First seen',
    lastSeen: 'Last seen',
    container: 'Container',
    image: 'Image',
    message: 'Message',
    traceback: 'Traceback',
    context: 'Lead-up log lines',
    request: 'Request',
    method: 'Method',
    url: 'URL',
    ip: 'Client IP',
    status: 'Status',
    user: 'User',
    userId: 'User id',
    userName: 'User name',
    actions: 'Recommended actions',
    counts: 'Occurrences',
    total: 'Total',
    lastHour: 'Last hour',
    why: 'Why grouped',
    whyText: (fp: string, tb: boolean) =>
      tb
        ? `Errors with the same exception type raised at the same application code (line numbers ignored) are grouped (fingerprint ${fp}).`
        : `Errors whose message is the same once times, hosts, ports and ids are taken out are grouped (fingerprint ${fp}).`,
    footer: 'Filed automatically by SafeWork Monitor. Recurrences of the same problem are summarised in comments here.',
    elided: (n: number) => `… (${n} lines elided) …`,
    digest: '🔁 Recurrence digest',
    since: 'Since the last digest',
    sample: 'Latest sample',
    perHour: 'Per hour',
    regression: '♻️ This problem was closed as completed and has happened again (regression). Reopening.',
    escalated: (from: string, to: string) => `⬆️ Severity rose from ${from} to ${to} (repeated within a short time).`,
  },
} as const;

/** The label every issue of ours carries; reconciliation lists issues by it. */
export const AUTO_LABEL = '🚨 auto-error';

/** Labels exactly as the seed lists them. */
export function issueLabels(event: Pick<IssueEvent, 'container' | 'severity' | 'type'>): string[] {
  const safe = (s: string): string => s.replace(/[^\w.-]+/g, '-').slice(0, 40);
  return [AUTO_LABEL, 'bug', `container-${safe(event.container)}`, `severity-${event.severity}`, `type-${event.type}`];
}

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
  const message = scrub(shortMessage(event.message), options.scrub).replace(/@(?=\w)/g, '@\u2060');
  return `🚨 [${event.container}] ${typeName} — ${message}`;
}

/**
 * The issue body in the seed's order. Everything from the logs is scrubbed and either fenced
 * or made safe text; the traceback's middle is elided to fit GitHub's limit.
 */
export function composeIssue(event: IssueEvent, occurrences: Occurrences, nonce: string, options: ComposeOptions = {}): ComposedIssue {
  const lang = options.lang ?? 'ko';
  const t = T[lang];
  const s = (text: string): string => scrub(text, options.scrub);
  const rows: Array<[string, string]> = [
    [t.type, inlineCode(event.type)],
    [t.severity, `**${event.severity}**`],
    [t.firstSeen, inlineCode(occurrences.firstSeen)],
    [t.lastSeen, inlineCode(occurrences.lastSeen)],
    [t.container, inlineCode(event.container)],
  ];
  if (event.image) rows.push([t.image, inlineCode(event.image)]);
  const parts: string[] = [
    `## ${t.heading}`,
    '',
    `| ${t.field} | ${t.value} |`,
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`),
    '',
    `### ${t.message}`,
    codeBlock(s(event.message), 'text'),
  ];
  const fixed = (tb: string): string[] => {
    const out: string[] = [];
    if (tb !== '') out.push('', `### ${t.traceback}`, codeBlock(tb, 'python'));
    if (event.context && event.context.length > 0) out.push('', `### ${t.context}`, codeBlock(s(event.context.join('\n')), 'text'));
    const req = event.request;
    if (req && (req.method || req.url || req.clientIp)) {
      out.push('', `### ${t.request}`);
      if (req.method) out.push(`- ${t.method}: ${inlineCode(req.method)}`);
      if (req.url) out.push(`- ${t.url}: ${inlineCode(s(req.url))}`);
      if (req.clientIp) out.push(`- ${t.ip}: ${inlineCode(s(req.clientIp))}`);
      if (req.status !== undefined) out.push(`- ${t.status}: ${inlineCode(String(req.status))}`);
    }
    const user = event.user;
    if (user && (user.id || user.name)) {
      out.push('', `### ${t.user}`);
      if (user.id) out.push(`- ${t.userId}: ${inlineCode(s(user.id))}`);
      if (user.name) out.push(`- ${t.userName}: ${inlineCode(s(user.name))}`);
    }
    out.push('', `### ${t.actions}`, ...recommendationsFor(event.type, lang).map((a) => `- [ ] ${a}`));
    out.push('', `### ${t.counts}`, `- ${t.total}: ${occurrences.total}`, `- ${t.lastHour}: ${occurrences.lastHour}`);
    out.push('', `### ${t.why}`, safeText(t.whyText(event.fingerprint, event.traceback !== undefined)));
    out.push('', '---', `_${t.footer}_`, marker(event.fingerprint, nonce));
    return out;
  };
  const head = parts.join('\n');
  const traceback = event.traceback === undefined ? '' : s(event.traceback);
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
  occurrences: Occurrences & { readonly sinceLast: number; readonly perHour: ReadonlyArray<readonly [string, number]> },
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
  ];
  if (occurrences.perHour.length > 0) {
    lines.push('', `| ${t.perHour} | # |`, '| --- | --- |', ...occurrences.perHour.map(([h, n]) => `| ${inlineCode(h)} | ${n} |`));
  }
  lines.push('', `${t.sample}:`, codeBlock(elideMiddle(scrub(event.traceback ?? event.message, options.scrub), 20_000, t.elided), 'text'));
  return lines.join('\n');
}

/** The comment that goes with a reopen. */
export function composeRegression(event: IssueEvent, occurrences: Occurrences, options: ComposeOptions = {}): string {
  const lang = options.lang ?? 'ko';
  const t = T[lang];
  return [
    t.regression,
    '',
    `- ${t.lastSeen}: ${inlineCode(occurrences.lastSeen)}`,
    `- ${t.total}: ${occurrences.total}`,
    '',
    codeBlock(elideMiddle(scrub(event.traceback ?? event.message, options.scrub), 20_000, t.elided), 'text'),
  ].join('\n');
}

/** The comment that goes with a severity label swap. */
export function composeEscalation(from: string, to: string, options: ComposeOptions = {}): string {
  return T[options.lang ?? 'ko'].escalated(from, to);
}
