import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONFIG_FIELDS } from '../src/config/load-config';

// Bad input gets a clear error and loses nothing: every setting with a bad value stops the
// monitor before it starts, naming the field, with exit code 78 (EX_CONFIG).
const root = join(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'bad-config-'));
const aFile = join(dir, 'a-file');
writeFileSync(aFile, 'not a directory');
const brokenRules = join(dir, 'rules.yaml');
writeFileSync(brokenRules, 'rules:\n  - id: my-broken-rule\n    type: database_connection\n    severity: high\n    pattern: "(unclosed"\n');

function run(main: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    // tsx by path: the working directory is a scratch one, where `tsx` would not resolve.
    const child = spawn(process.execPath, ['--import', pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href, join(root, main), ...args], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '', TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'), STATE_DIR: join(dir, 'data'), LOG_DIR: join(dir, 'logs'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    // A good configuration would start the daemon: never wait for that.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** One bad value per setting (extra settings a value needs to be checked at all). */
const BAD: Record<string, { value: string; with?: Record<string, string> }> = {
  ERROR_MONITORING_ENABLED: { value: 'maybe' },
  GITHUB_TOKEN: { value: 'two words', with: { GITHUB_REPO: 'safework/safework' } },
  GITHUB_TOKEN_FILE: { value: 'secrets/github_token', with: { GITHUB_REPO: 'safework/safework' } },
  ALLOW_PUBLIC_REPO: { value: 'sometimes' },
  DOCKER_HOST: { value: 'docker-proxy:2375' },
  GITHUB_REPO: { value: 'no-slash' },
  GITHUB_API_URL: { value: 'not a url' },
  MONITORING_INTERVAL: { value: '0' },
  ERROR_SEVERITY_THRESHOLD: { value: 'urgent' },
  REPORT_COMMENT_INTERVAL: { value: 'hourly' },
  GITHUB_WRITE_INTERVAL_MS: { value: '-5' },
  ISSUE_LANGUAGE: { value: 'fr' },
  DOCKER_SOCKET: { value: 'docker.sock' },
  MONITOR_CONTAINERS: { value: 'safework-app,bad name' },
  MONITOR_LABELS: { value: 'com.example.team=a b' },
  MONITOR_COMPOSE_PROJECT: { value: 'SafeWork Stack' },
  MONITOR_SELF_NAME: { value: '/error-monitor' },
  STATE_DIR: { value: aFile },
  LOG_DIR: { value: join(aFile, 'logs') },
  RULES_FILE: { value: join(dir, 'missing-rules.yaml') },
  IP_MASKING: { value: 'mask16' },
  INCIDENT_CONTEXT_LINES: { value: '1000' },
  CATCH_UP_MAX_LINES: { value: '0' },
  OUTAGE_QUIET_SECONDS: { value: '0' },
  DEPLOY_WINDOW: { value: '15 minutes' },
  STATE_REDIS_URL: { value: 'localhost:6379' },
  STATE_REDIS_PREFIX: { value: 'safe work' },
  MONITOR_HOST_ID: { value: 'node 1' },
  LOG_LEVEL: { value: 'verbose' },
};

describe('bad configuration', () => {
  it('covers every setting', () => {
    expect(Object.keys(BAD).sort()).toEqual([...CONFIG_FIELDS].sort());
  });

  it.each(Object.entries(BAD))('%s=%j: named, exit 78', async (field, bad) => {
    const { code, out } = await run('apps/monitor/src/main.ts', ['run'], { [field]: bad.value, ...bad.with });
    expect(code).toBe(78);
    expect(out).toContain(field);
    // A secret is never echoed back.
    if (field === 'GITHUB_TOKEN') expect(out).not.toContain('two words');
  });

  it('a rules file with a broken regex: the rule, the field and the reason, exit 78', async () => {
    const { code, out } = await run('apps/monitor/src/main.ts', ['run'], { RULES_FILE: brokenRules });
    expect(code).toBe(78);
    expect(out).toMatch(/CLS_ERR_INVALID_RULE/);
    expect(out).toMatch(/my-broken-rule.*pattern.*invalid regular expression/s);
  });

  it.each([
    ['HEALTH_API_PORT', '99999'],
    ['HEALTH_API_TOKEN', 'short'],
    ['MONITORING_INTERVAL', 'often'],
    ['ISSUE_LANGUAGE', 'de'],
    ['HEALTH_API_ALLOW_ANONYMOUS', 'perhaps'],
    ['HEALTH_API_RATE_LIMIT', 'many'],
  ])('health API: %s=%s: named, exit 78', async (field, value) => {
    const { code, out } = await run('apps/health-api/src/main.ts', [], { [field]: value });
    expect(code).toBe(78);
    expect(out).toContain(field);
  });
});
