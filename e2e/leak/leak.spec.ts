import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_IMAGE, docker, ensureTestImage, removeContainers, uniqueName } from '@safework/docker-logs/testing';
import { GitHubFake } from '@safework/github-fake';
import { ROOT, eventually, sleep, startProcess, type Running } from '../support/stack';

// 160 planted secrets and personal data of 30 kinds, written by a real container as the SafeWork app would
// log them, must appear nowhere that leaves the monitor: not in any request GitHub received,
// not in logs/*, /metrics, /api/* or the dashboard. The GitHub token appears nowhere either,
// including `doctor` and the messages of a rejected token.

const alnum = (n: number, seed: number): string => {
  const abc = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let s = '';
  let x = seed * 2654435761;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += abc[x % abc.length];
  }
  return s;
};
const b64url = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
function luhnCard(prefix: string, i: number): string {
  const body = `${prefix}${String(31415926535897 + i * 7919).padStart(14, '0')}`.slice(0, 15);
  let sum = 0;
  for (let k = 0; k < 15; k++) {
    let d = Number(body[14 - k]);
    if (k % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  const digits = `${body}${(10 - (sum % 10)) % 10}`;
  return i % 2 === 0 ? digits.replace(/(\d{4})(?=\d)/g, '$1 ') : digits.replace(/(\d{4})(?=\d)/g, '$1-');
}

interface Planted {
  readonly kind: string;
  /** The sensitive value that must not appear anywhere. */
  readonly value: string;
  /** The log record that carries it. */
  readonly record: string;
}

function plant(): Planted[] {
  const out: Planted[] = [];
  const at = (i: number): string => `2024-05-02 10:${String(i % 60).padStart(2, '0')}:00,000`;
  const critical = (i: number, what: string, message: string): string =>
    `${at(i)} ERROR: [CRITICAL] database_connection_error: ${what} case${alnum(6, i)} ${message} [in /app/app.py:${40 + i}]`;
  for (let i = 0; i < 10; i++) {
    const pw = `Pw${alnum(14, i)}`;
    out.push({ kind: 'DSN password', value: pw, record: critical(i, 'engine', `(pymysql.err.OperationalError) could not connect with mysql+pymysql://safework:${pw}@safework-mysql:3306/safework_db`) });
    const pw2 = `S3${alnum(12, 100 + i)}`;
    out.push({
      kind: 'password field',
      value: pw2,
      record: [
        `${at(i)} ERROR: Exception on /login [POST] [in /app/app.py:${90 + i}]`,
        'Traceback (most recent call last):',
        `  File "/app/app.py", line ${90 + i}, in login_case${alnum(5, 200 + i)}`,
        `    authenticate(form)`,
        `ValueError: invalid form {'username': 'kim', 'password': '${pw2}'}`,
      ].join('\n'),
    });
    const token = `ghp_${alnum(36, 300 + i)}`;
    out.push({ kind: 'GitHub token', value: token, record: critical(i, 'sync', `export failed using token ${token}`) });
    const bearer = alnum(40, 400 + i);
    out.push({ kind: 'Bearer token', value: bearer, record: critical(i, 'upstream', `request rejected; headers: Authorization: Bearer ${bearer}`) });
    const cookie = alnum(32, 500 + i);
    out.push({ kind: 'cookie', value: cookie, record: critical(i, 'session', `store failed; Cookie: session=${cookie}; theme=dark`) });
    const jwt = `eyJ${b64url({ alg: 'HS256' }).slice(3)}.${b64url({ sub: `user${i}`, n: alnum(10, 600 + i) })}.${alnum(43, 700 + i)}`;
    out.push({ kind: 'JWT', value: jwt, record: critical(i, 'auth', `token verify failed for ${jwt}`) });
    const email = `worker.${alnum(8, 800 + i).toLowerCase()}@safework-corp.co.kr`;
    out.push({ kind: 'e-mail', value: email, record: critical(i, 'notify', `could not store survey of ${email}`) });
    const phone = `010-${String(2000 + i * 137).slice(0, 4)}-${String(5000 + i * 271).slice(0, 4)}`;
    out.push({ kind: 'Korean phone', value: phone, record: critical(i, 'sms', `worker contact ${phone} not saved`) });
    const rrn = `${String(80 + i).padStart(2, '0')}0${(i % 9) + 1}1${i % 10}-${(i % 4) + 1}${String(234567 + i * 1111).slice(0, 6)}`;
    out.push({ kind: 'resident registration number', value: rrn, record: critical(i, 'registry', `duplicate resident id ${rrn} in survey`) });
    const card = luhnCard(i % 2 === 0 ? '4' : '5', i);
    out.push({ kind: 'card number', value: card, record: critical(i, 'billing', `payment failed for card ${card}`) });
  }
  return out;
}

// Kinds from secretlint's recommended catalogue, and kinds no catalogue has (they must go by
// the named-key and free-token fallbacks), three of each, in lines of the app's own format.
function plantCatalogueKinds(): Planted[] {
  const out: Planted[] = [];
  const letters = (n: number, seed: number): string => alnum(n, seed).replace(/\d/g, 'q');
  const hex = (n: number, seed: number): string => Buffer.from(alnum(n, seed)).toString('hex').slice(0, n);
  const line = (i: number, what: string, message: string): string =>
    `2024-05-02 11:${String(i % 60).padStart(2, '0')}:00,000 ERROR: [CRITICAL] database_connection_error: ${what} case${alnum(6, 5000 + i)} ${message} [in /app/app.py:${300 + i}]`;
  const kinds: [string, (i: number) => string, (v: string) => string][] = [
    ['Slack webhook', (i) => `https://hooks.slack.com/services/T${alnum(10, 1000 + i).toUpperCase()}/B${alnum(10, 1100 + i).toUpperCase()}/${alnum(24, 1200 + i)}`, (v) => `alert delivery to ${v} timed out`],
    ['Slack bot token', (i) => `xoxb-${String(100000000000 + i * 7777)}-${String(1000000000000 + i * 3333)}-${alnum(24, 1300 + i)}`, (v) => `slack init with ${v} failed`],
    ['npm token', (i) => `npm_${alnum(36, 1400 + i)}`, (v) => `registry auth ${v} expired`],
    ['GitLab token', (i) => `glpat-${alnum(20, 1500 + i)}`, (v) => `mirror push with ${v} refused`],
    ['Hugging Face token', (i) => `hf_${letters(34, 1600 + i)}`, (v) => `model pull ${v} forbidden`],
    ['SendGrid key', (i) => `SG.${alnum(22, 1700 + i)}.${alnum(43, 1800 + i)}`, (v) => `mailer rejected key ${v}`],
    ['Anthropic key', (i) => `sk-ant-api03-${alnum(93, 1900 + i)}AA`, (v) => `summary call failed with ${v}`],
    ['Shopify token', (i) => `shpat_${hex(32, 2000 + i)}`, (v) => `store sync ${v} unauthorized`],
    ['Linear key', (i) => `lin_api_${alnum(40, 2100 + i)}`, (v) => `ticket export ${v} rejected`],
    ['Databricks token', (i) => `dapi${hex(32, 2200 + i)}`, (v) => `warehouse query via ${v} denied`],
    ['Grafana token', (i) => `glsa_${alnum(32, 2300 + i)}_${hex(8, 2400 + i)}`, (v) => `annotation post ${v} 401`],
    ['payment live key', (i) => `sk_live_${alnum(24, 2500 + i)}`, (v) => `stripe.error.AuthenticationError: Invalid API Key provided: ${v}`],
    ['chat webhook', (i) => `https://discord.com/api/webhooks/${String(112233445566778899n + BigInt(i))}/${alnum(68, 2600 + i)}`, (v) => `incident post to ${v} failed`],
    ['Google API key', (i) => `AIza${alnum(35, 2700 + i)}`, (v) => `geocoder quota error for ${v}`],
    ['Twilio token', (i) => hex(32, 2800 + i), (v) => `sms gateway TWILIO_AUTH_TOKEN=${v} rejected`],
    ['OpenAI key', (i) => `sk-proj-${alnum(48, 2900 + i)}`, (v) => `openai.AuthenticationError: Incorrect API key provided: ${v}`],
    ['Azure storage key', (i) => `${alnum(86, 3000 + i)}==`, (v) => `backup failed: AccountName=safework;AccountKey=${v};EndpointSuffix=core.windows.net`],
    ['webhook secret', (i) => `whsec_${alnum(32, 3100 + i)}`, (v) => `signature mismatch, signing_secret: ${v}`],
    ['passphrase with spaces', (i) => `${alnum(5, 3200 + i).toLowerCase()} horse ${alnum(6, 3300 + i).toLowerCase()} staple`, (v) => `smtp config {'MAIL_PASSWORD': '${v}', 'MAIL_PORT': 587} rejected`],
    ['prefixed password variable', (i) => `Pg${alnum(9, 3400 + i)}`, (v) => `backup job failed: PGPASSWORD=${v} pg_dump -h db`],
  ];
  kinds.forEach(([kind, value, message], k) => {
    for (let j = 0; j < 3; j++) {
      const v = value(j);
      out.push({ kind, value: v, record: line(k * 3 + j, kind.toLowerCase().replace(/\W+/g, '-'), message(v)) });
    }
  });
  return out;
}

describe('leak suite: planted secrets and personal data', () => {
  const planted = [...plant(), ...plantCatalogueKinds()];
  const token = `ghp_${alnum(36, 999)}`;
  const fake = new GitHubFake({ tokens: { [token]: { login: 'safework-bot', push: true } } });
  const work = mkdtempSync(join(tmpdir(), 'leak-'));
  const name = uniqueName('leaky-app');
  let monitor: Running | undefined;
  let healthApi: Running | undefined;

  beforeAll(async () => {
    ensureTestImage();
    await fake.start();
  });
  afterAll(async () => {
    monitor?.child.kill('SIGTERM');
    healthApi?.child.kill('SIGTERM');
    await Promise.all([monitor?.exited, healthApi?.exited]);
    removeContainers(name);
    await fake.stop();
  });

  it('plants 160 distinct values of 30 kinds', () => {
    for (const p of planted.filter((x) => x.kind === 'card number')) expect(p.value).toMatch(/^\d{4}([ -])\d{4}\1\d{4}\1\d{4}$/);
    expect(planted).toHaveLength(160);
    expect(new Set(planted.map((p) => p.value)).size).toBe(160);
    expect(new Set(planted.map((p) => p.kind)).size).toBe(30);
  });

  it('finds none of them in GitHub requests, logs/*, /metrics, /api/* or the dashboard', async () => {
    const env = {
      GITHUB_TOKEN: token,
      GITHUB_REPO: 'safework/safework',
      GITHUB_API_URL: fake.url,
      MONITORING_INTERVAL: '1',
      REPORT_COMMENT_INTERVAL: '1',
      // What leaks is the question here, not GitHub's write pacing.
      GITHUB_WRITE_INTERVAL_MS: '20',
      MONITOR_CONTAINERS: name,
      STATE_DIR: join(work, 'data'),
      LOG_DIR: join(work, 'logs'),
      HEALTH_API_PORT: '19465',
      HEALTH_API_TOKEN: 'dashboard-token-1',
    };
    monitor = startProcess(process.execPath, [join(ROOT, 'dist/apps/monitor/main.js'), 'run'], { cwd: work, env });
    await eventually('the monitor connected', () => monitor?.output().includes('connected to the Docker Engine'), 60_000);
    healthApi = startProcess(process.execPath, [join(ROOT, 'dist/apps/health-api/main.js')], { cwd: work, env });

    // Every record twice: the second round after the issues exist, so the recurrences go out
    // as digest comments too.
    const file = join(work, 'app.log');
    writeFileSync(file, `${planted.map((p) => p.record).join('\n')}\n`);
    chmodSync(file, 0o644);
    const end = `${new Date().toISOString().slice(0, 10)} 10:59:59,000 ERROR: [CRITICAL] database_connection_error: leak suite end marker [in /app/app.py:1]`;
    docker('run', '-d', '--name', name, '-v', `${file}:/app.log:ro`, TEST_IMAGE, 'sh', '-c', `cat /app.log; while [ ! -e /tmp/go ]; do sleep 0.2; done; cat /app.log; echo '${end}'; sleep 600`);
    await eventually('the first round filed', () => fake.issues().length >= 50 && fake.requests.length, 120_000);
    let seen = -1;
    await eventually('the first round settled', async () => {
      const settled = fake.issues().length === seen;
      seen = fake.issues().length;
      await sleep(2_000);
      return settled;
    }, 120_000);
    docker('exec', name, 'sh', '-c', ': > /tmp/go');
    await eventually('the end marker filed', () => fake.issues().some((i) => i.title.includes('leak suite end marker')), 120_000);
    // Let the outbox drain and the digests go out.
    let count = -1;
    await eventually('GitHub traffic settled', async () => {
      const now = fake.requests.length;
      const settled = now === count;
      count = now;
      await sleep(3_000);
      return settled;
    }, 120_000);
    expect(fake.issues().length).toBeGreaterThanOrEqual(50);
    expect(fake.requests.filter((r) => r.operationId === 'issues/create-comment').length).toBeGreaterThan(0);

    const auth = { authorization: 'Bearer dashboard-token-1' };
    const get = async (path: string): Promise<string> => {
      const res = await fetch(`http://127.0.0.1:19465${path}`, { headers: auth });
      expect(res.status).toBe(200);
      return res.text();
    };
    await eventually('the health API', async () => (await fetch('http://127.0.0.1:19465/livez')).ok, 30_000);
    const logs = readdirSync(join(work, 'logs'), { recursive: true })
      .map((f) => join(work, 'logs', String(f)))
      .filter((f) => statSync(f).isFile());
    expect(logs.map((f) => f.slice(work.length))).toEqual(expect.arrayContaining(['/logs/safework-errors.log', '/logs/error-monitor.log']));
    const errorLog = readFileSync(join(work, 'logs/safework-errors.log'), 'utf8');
    expect(errorLog.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(200);

    const places: Record<string, string> = {
      'GitHub requests': JSON.stringify(fake.requests),
      'GitHub issues and comments': JSON.stringify(fake.issues()),
      ...Object.fromEntries(logs.map((f) => [f.slice(work.length + 1), readFileSync(f, 'utf8')])),
      '/metrics': await get('/metrics'),
      '/health': await get('/health'),
      '/api/containers': await get('/api/containers'),
      '/api/errors': await get('/api/errors'),
      '/api/incidents': await get('/api/incidents'),
      'dashboard /': await get('/'),
      'dashboard script': await get('/assets/dashboard.js'),
      'monitor output': monitor.output(),
      'health API output': healthApi.output(),
    };
    const found: string[] = [];
    for (const p of planted) {
      const forms = [p.value, ...(p.kind === 'card number' ? [p.value.replace(/[ -]/g, '')] : []), ...(p.kind === 'resident registration number' ? [p.value.replace('-', '')] : []), ...(p.kind === 'passphrase with spaces' ? p.value.split(' ').filter((w) => w !== 'horse' && w !== 'staple') : [])];
      for (const [where, text] of Object.entries(places)) if (forms.some((f) => text.includes(f))) found.push(`${p.kind} ${p.value} in ${where}`);
    }
    for (const [where, text] of Object.entries(places)) if (text.includes(token)) found.push(`the GitHub token in ${where}`);
    const perKind = new Map<string, number>();
    for (const p of planted) perKind.set(p.kind, (perKind.get(p.kind) ?? 0) + found.filter((f) => f.startsWith(`${p.kind} ${p.value} `)).length);
    process.stdout.write(`leak suite, found per kind: ${[...perKind].map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
    expect(found).toEqual([]);
    process.stdout.write(`leak suite: ${planted.length} planted values, ${fake.issues().length} issues, ${fake.requests.length} GitHub requests, ${Object.keys(places).length} places searched, 0 found\n`);
  });

  it('never prints the token: doctor, and the messages of a rejected token', async () => {
    const bad = `ghp_${alnum(36, 4242)}`;
    for (const t of [token, bad]) {
      // Asynchronously: the GitHub fake answers from this process's event loop.
      const doctor = startProcess(process.execPath, [join(ROOT, 'dist/apps/monitor/main.js'), 'doctor'], {
        cwd: work,
        env: { GITHUB_TOKEN: t, GITHUB_REPO: 'safework/safework', GITHUB_API_URL: fake.url, STATE_DIR: join(work, 'd2'), LOG_DIR: join(work, 'l2') },
      });
      const r = { status: await doctor.exited, stdout: doctor.output(), stderr: '' };
      const out = `${r.stdout}${r.stderr}`;
      expect(out).toContain('GitHub');
      expect(out).not.toContain(t);
      expect(out).not.toContain(t.slice(4, 20));
      if (t === bad) expect(r.status).toBe(1);
    }
  });
});
