import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

// Deterministic PRNG (mulberry32) so every run benchmarks the same bytes.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

const BENIGN: Array<(r: () => number, t: string) => string> = [
  (r, t) => `172.18.0.${1 + Math.floor(r() * 200)} - - [02/May/2024:${t} +0000] "GET /survey/${Math.floor(r() * 500)} HTTP/1.1" 200 ${Math.floor(r() * 9000)} "-" "Mozilla/5.0"`,
  (r, t) => `172.18.0.${1 + Math.floor(r() * 200)} - - [02/May/2024:${t} +0000] "POST /survey/submit HTTP/1.1" 302 ${Math.floor(r() * 900)} "-" "Mozilla/5.0"`,
  (r, t) => `2024-05-02 ${t},${pad(Math.floor(r() * 1000), 3)} INFO: Survey ${Math.floor(r() * 9999)} submitted by user ${Math.floor(r() * 500)} [in /app/survey.py:40]`,
  (r, t) => `2024-05-02 ${t},${pad(Math.floor(r() * 1000), 3)} INFO: cache hit ratio ${(r() * 100).toFixed(1)}% timeout=30 retries=0 [in /app/cache.py:12]`,
  (_r, t) => `2024-05-02 ${t} 0 [Note] InnoDB: Buffer pool(s) load completed`,
  (r, t) => `2024-05-02 ${t} ${Math.floor(r() * 90)} [Note] Access granted to user 'safework'@'172.18.0.4'`,
  (r, t) => `1:M 02 May 2024 ${t}.${pad(Math.floor(r() * 1000), 3)} * ${Math.floor(r() * 100)} changes in 300 seconds. Saving...`,
  (_r, t) => `1:M 02 May 2024 ${t}.000 * Background saving terminated with success`,
  (r, t) => `[2024-05-02 ${t} +0000] [${Math.floor(r() * 90)}] [INFO] Booting worker with pid: ${Math.floor(r() * 9000)}`,
  (r, t) => `172.18.0.${1 + Math.floor(r() * 200)} - - [02/May/2024:${t} +0000] "GET /api/error-report HTTP/1.1" 200 ${Math.floor(r() * 900)} "-" "curl/7.88"`,
];

const ERRORS: Array<(r: () => number, t: string) => string[]> = [
  (r, t) => [
    `2024-05-02 ${t},000 ERROR: [CRITICAL] redis_connection_error: Error 111 connecting to safework-redis:6379. Connection refused. [in /app/app.py:${40 + Math.floor(r() * 5)}]`,
    'Traceback (most recent call last):',
    '  File "/app/app.py", line 88, in submit_survey',
    '    r.incr("survey:count")',
    '  File "/usr/lib/python3/dist-packages/redis/connection.py", line 704, in connect',
    '    raise ConnectionError(self._error_message(e))',
    'redis.exceptions.ConnectionError: Error 111 connecting to safework-redis:6379. Connection refused.',
  ],
  (r, t) => [`2024-05-02 ${t},000 ERROR: (pymysql.err.OperationalError) (2003, "Can't connect to MySQL server on 'safework-mysql' ([Errno 111] Connection refused)") user ${Math.floor(r() * 90)}`],
  (_r, t) => [`[2024-05-02 ${t} +0000] [7] [CRITICAL] WORKER TIMEOUT (pid:${Math.floor(_r() * 9000)})`],
  (r, t) => [`172.18.0.${Math.floor(r() * 200)} - - [02/May/2024:${t} +0000] "POST /survey/submit HTTP/1.1" 500 265 "-" "curl/7.88"`],
  (_r, t) => [
    `[2024-05-02 ${t},000] ERROR in app: Exception on /boom [GET]`,
    'Traceback (most recent call last):',
    '  File "/usr/lib/python3/dist-packages/flask/app.py", line 1455, in wsgi_app',
    '    response = self.full_dispatch_request()',
    '  File "/app/app.py", line 120, in boom',
    '    return 1 / 0',
    '           ~~^~~',
    'ZeroDivisionError: division by zero',
  ],
  (_r, t) => [`2024-05-02 ${t},000 ERROR: 설문 제출 처리 중 오류 발생: 응답 저장 실패 [in /app/survey.py:88]`],
];

/** Writes (once) a corpus of at least `lines` lines, ~0.5 % of them error events. */
export function ensureCorpus(path: string, lines: number, seed = 42): { path: string; bytes: number } {
  if (existsSync(path) && statSync(path).size > 0) return { path, bytes: statSync(path).size };
  mkdirSync(dirname(path), { recursive: true });
  const r = rng(seed);
  const fd = openSync(path, 'w');
  let written = 0;
  let batch: string[] = [];
  while (written < lines) {
    const s = Math.floor(written / 40);
    const t = `${pad(Math.floor(s / 3600) % 24)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
    const out = r() < 0.005 ? (ERRORS[Math.floor(r() * ERRORS.length)] as (r: () => number, t: string) => string[])(r, t) : [(BENIGN[Math.floor(r() * BENIGN.length)] as (r: () => number, t: string) => string)(r, t)];
    batch.push(...out);
    written += out.length;
    if (batch.length > 10_000) {
      writeSync(fd, `${batch.join('\n')}\n`);
      batch = [];
    }
  }
  if (batch.length > 0) writeSync(fd, `${batch.join('\n')}\n`);
  closeSync(fd);
  return { path, bytes: statSync(path).size };
}
