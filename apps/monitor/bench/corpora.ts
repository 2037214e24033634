import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/*
 * Benchmark corpora from three template sets, none shared with the rule fixtures (and none
 * written to pass the gate): a quiet service (0.5 % events), a failing one (5 % events, long
 * tracebacks), a noisy one (long lines, Korean text, ANSI colour), and a shifting one (the
 * failing set's lines, then the quiet set's). Deterministic: the same seed writes the same bytes.
 */

type Rng = () => number;

// mulberry32
function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: Rng, n: number): number => Math.floor(r() * n);
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const clock = (i: number): string => {
  const s = Math.floor(i / 50);
  return `${pad(Math.floor(s / 3600) % 24)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
};
const ip = (r: Rng): string => `10.${int(r, 4)}.${int(r, 250)}.${1 + int(r, 250)}`;
const ROUTES = ['/', '/surveys', '/surveys/new', '/surveys/42/answers', '/admin/reports', '/static/app.css', '/static/logo.png', '/health', '/api/v1/sessions', '/api/v1/export'];
const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64)', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)', 'python-requests/2.31', 'kube-probe/1.29'];

interface Template {
  readonly benign: ReadonlyArray<(r: Rng, t: string) => string>;
  readonly events: ReadonlyArray<(r: Rng, t: string) => string[]>;
  readonly eventRate: number;
}

/** A quiet Flask/gunicorn service with MariaDB and Redis beside it: 0.5 % events. */
const QUIET: Template = {
  eventRate: 0.005,
  benign: [
    (r, t) => `${ip(r)} - - [14/Mar/2025:${t} +0900] "${pick(r, ['GET', 'GET', 'GET', 'POST'])} ${pick(r, ROUTES)} HTTP/1.1" ${pick(r, [200, 200, 200, 304, 302])} ${int(r, 20000)} "-" "${pick(r, AGENTS)}"`,
    (r, t) => `[2025-03-14 ${t} +0900] [${int(r, 40)}] [INFO] Handling signal: winch`,
    (r, t) => `2025-03-14 ${t},${pad(int(r, 1000), 3)} INFO  [answers] saved answer set ${int(r, 99999)} for form ${int(r, 300)} in ${int(r, 90)} ms`,
    (r, t) => `2025-03-14 ${t},${pad(int(r, 1000), 3)} DEBUG [cache] key form:${int(r, 300)} ttl=${int(r, 3600)}s hit`,
    (r, t) => `2025-03-14T${t}.${pad(int(r, 1000000), 6)}Z ${int(r, 90)} [Note] [MY-010914] [Server] Shutdown of plugin 'auth_socket' skipped: reason=${pick(r, ['none', 'busy'])}`,
    (r, t) => `${int(r, 9)}:M 14 Mar 2025 ${t}.${pad(int(r, 1000), 3)} * DB saved on disk after ${int(r, 9000)} changes`,
    (r, t) => `2025-03-14 ${t},${pad(int(r, 1000), 3)} INFO  [auth] session refreshed for account ${int(r, 5000)} (expires in ${int(r, 60)} min)`,
  ],
  events: [
    (r, t) => [`2025-03-14 ${t},${pad(int(r, 1000), 3)} ERROR [db] (MySQLdb.OperationalError) (2002, "Can't connect to MySQL server on 'db-primary' (115)")`],
    (r, t) => [`2025-03-14 ${t},${pad(int(r, 1000), 3)} ERROR [cache] redis.exceptions.TimeoutError: Timeout reading from socket`],
    (r, t) => [`${ip(r)} - - [14/Mar/2025:${t} +0900] "POST /surveys/${int(r, 300)}/answers HTTP/1.1" 502 0 "-" "${pick(r, AGENTS)}"`],
    (r, t) => [`[2025-03-14 ${t} +0900] [${int(r, 40)}] [CRITICAL] WORKER TIMEOUT (pid:${int(r, 30000)})`],
  ],
};

const FRAMES = [
  ['/usr/local/lib/python3.12/site-packages/flask/app.py', 'wsgi_app', 'response = self.full_dispatch_request()'],
  ['/usr/local/lib/python3.12/site-packages/flask/app.py', 'full_dispatch_request', 'rv = self.dispatch_request()'],
  ['/usr/local/lib/python3.12/site-packages/sqlalchemy/engine/base.py', '_execute_context', 'self.dialect.do_execute('],
  ['/usr/local/lib/python3.12/site-packages/sqlalchemy/pool/base.py', '_checkout', 'rec = pool._do_get()'],
  ['/srv/forms/views/answers.py', 'submit_answers', 'store.save(answer_set)'],
  ['/srv/forms/services/store.py', 'save', 'session.commit()'],
] as const;

function traceback(r: Rng, depth: number, last: string): string[] {
  const out = ['Traceback (most recent call last):'];
  for (let i = 0; i < depth; i++) {
    const [file, fn, code] = pick(r, FRAMES);
    out.push(`  File "${file}", line ${10 + int(r, 2000)}, in ${fn}`, `    ${code}`);
  }
  out.push(last);
  return out;
}

/** A failing service: 5 % of its lines are events, nearly all long tracebacks (~24 lines each). */
const FAILING: Template = {
  eventRate: 0.05 / 24,
  benign: [
    (r, t) => `${ip(r)} - - [21/Oct/2025:${t} +0000] "GET ${pick(r, ROUTES)}?page=${int(r, 40)} HTTP/1.1" ${pick(r, [200, 200, 304])} ${int(r, 30000)} "https://forms.example/" "${pick(r, AGENTS)}"`,
    (r, t) => `2025-10-21 ${t},${pad(int(r, 1000), 3)} INFO forms.views: rendered form ${int(r, 300)} for ${ip(r)} in ${int(r, 400)} ms`,
    (r, t) => `2025-10-21 ${t},${pad(int(r, 1000), 3)} INFO forms.jobs: nightly export chunk ${int(r, 100)}/100 done (${int(r, 50000)} rows)`,
    (_r, t) => `2025-10-21T${t}.000000Z 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: 8.0.39).`,
  ],
  events: [
    (r, t) => [`2025-10-21 ${t},${pad(int(r, 1000), 3)} ERROR forms.views: answer submission crashed`, ...traceback(r, 6 + int(r, 10), "sqlalchemy.exc.OperationalError: (MySQLdb.OperationalError) (2013, 'Lost connection to server during query')")],
    (r, t) => [`2025-10-21 ${t},${pad(int(r, 1000), 3)} ERROR forms.jobs: export failed`, ...traceback(r, 4 + int(r, 8), `KeyError: 'respondent_${int(r, 999)}'`)],
    (r, t) => [`2025-10-21 ${t},${pad(int(r, 1000), 3)} ERROR forms.views: Exception on /surveys/${int(r, 300)}/answers [POST]`, ...traceback(r, 8 + int(r, 12), 'sqlalchemy.exc.TimeoutError: QueuePool limit of size 10 overflow 20 reached, connection timed out, timeout 30.00')],
  ],
};

const KO = ['설문 응답을 저장했습니다', '사용자 세션을 갱신했습니다', '보고서 내보내기를 시작합니다', '알림 메일 대기열에 추가했습니다', '관리자 대시보드를 불러왔습니다'];
const color = (code: number, s: string): string => `\x1b[${code}m${s}\x1b[0m`;
const filler = (r: Rng, n: number): string =>
  Array.from({ length: n }, () => pick(r, ['form_id', 'respondent', 'locale=ko-KR', 'tz=Asia/Seoul', 'items', 'draft=false', 'score', 'section'])).join(' ') + ` trace=${int(r, 1e9).toString(16)}`;

/** A noisy service: long lines, Korean text, ANSI colour; 1 % events. */
const NOISY: Template = {
  eventRate: 0.01,
  benign: [
    (r, t) => `${color(32, 'INFO')} 2025-06-02 ${t} [worker-${int(r, 8)}] ${pick(r, KO)} (${filler(r, 10 + int(r, 30))})`,
    (r, t) => `${color(36, 'DEBUG')} 2025-06-02 ${t} [sql] SELECT * FROM answers WHERE form_id = ${int(r, 300)} AND created_at > '2025-06-01' -- ${filler(r, 15 + int(r, 25))}`,
    (r, t) => `${color(32, 'INFO')} 2025-06-02 ${t} [http] ${pick(r, ['GET', 'POST'])} ${pick(r, ROUTES)} → ${pick(r, [200, 201, 304])} ${int(r, 500)}ms ua="${pick(r, AGENTS)}" ${filler(r, 5 + int(r, 20))}`,
  ],
  events: [
    (r, t) => [`${color(31, 'ERROR')} 2025-06-02 ${t} [worker-${int(r, 8)}] 설문 응답 저장 실패: 데이터베이스 연결이 끊어졌습니다 (${filler(r, 8)})`],
    (r, t) => [`${color(31, 'ERROR')} 2025-06-02 ${t} [cache] redis.exceptions.ConnectionError: Error 111 connecting to cache-0.cache:6379. Connection refused. ${filler(r, 5)}`],
    (r, t) => [`${color(35, 'CRITICAL')} 2025-06-02 ${t} [db] pymysql.err.OperationalError: (1040, 'Too many connections') ${filler(r, 6)}`],
  ],
};

/** A corpus: templates one after another, each for so many lines. */
type Phases = ReadonlyArray<{ readonly lines: number; readonly template: Template }>;

/**
 * A log whose head is unlike the rest: a failing service's first 20,000 lines (a release gone
 * wrong, rolled back), then a quiet one. A sample of the head alone is no guide to the rest.
 */
const SHIFTING: Phases = [
  { lines: 20_000, template: FAILING },
  { lines: Infinity, template: QUIET },
];

export const CORPORA: Readonly<Record<'quiet' | 'failing' | 'noisy' | 'shifting', Phases>> = {
  quiet: [{ lines: Infinity, template: QUIET }],
  failing: [{ lines: Infinity, template: FAILING }],
  noisy: [{ lines: Infinity, template: NOISY }],
  shifting: SHIFTING,
};
export type CorpusName = keyof typeof CORPORA;

/** Writes (once) the named corpus of at least `lines` lines. */
export function ensureCorpus(name: CorpusName, path: string, lines: number, seed = 7): { path: string; bytes: number } {
  if (existsSync(path) && statSync(path).size > 0) return { path, bytes: statSync(path).size };
  mkdirSync(dirname(path), { recursive: true });
  const phases = CORPORA[name];
  const r = rng(seed);
  const fd = openSync(`${path}.part`, 'w');
  let written = 0;
  let batch: string[] = [];
  while (written < lines) {
    const t = clock(written);
    let template = (phases[phases.length - 1] as Phases[number]).template;
    for (let i = 0, end = 0; i < phases.length; i++) {
      end += (phases[i] as Phases[number]).lines;
      if (written < end) {
        template = (phases[i] as Phases[number]).template;
        break;
      }
    }
    const out = r() < template.eventRate ? pick(r, template.events)(r, t) : [pick(r, template.benign)(r, t)];
    batch.push(...out);
    written += out.length;
    if (batch.length > 10_000) {
      writeSync(fd, `${batch.join('\n')}\n`);
      batch = [];
    }
  }
  if (batch.length > 0) writeSync(fd, `${batch.join('\n')}\n`);
  closeSync(fd);
  // Complete or absent: an interrupted run leaves only the .part file.
  renameSync(`${path}.part`, path);
  return { path, bytes: statSync(path).size };
}
