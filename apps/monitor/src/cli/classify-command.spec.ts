import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { VectorscanGate, loadLiteralScan } from '@safework/literal-scan';
import { classifyCommand, EXIT_CONFIG, EXIT_USAGE } from './classify-command';

async function run(argv: string[], input: Buffer | string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  const stdin = (async function* () {
    for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000);
  })();
  const code = await classifyCommand(argv, { stdin, write: (t) => (out += t), error: (t) => (err += t) });
  return { code, out, err };
}

const parsed = parse(readFileSync(join(__dirname, '../../../../libs/classifier/src/__fixtures__/real-logs.yaml'), 'utf8')) as {
  cases: Array<{ text: string }>;
  benign: Array<{ text: string }>;
};
const fixtures = [...parsed.cases, ...parsed.benign].map((c) => c.text).join('');

describe('classify command (CLI contract)', () => {
  it('refuses a gate it cannot have before reading any input (64), and an unknown one', async () => {
    const saved = process.env['LITERAL_SCAN_ADDON'];
    process.env['LITERAL_SCAN_ADDON'] = 'off';
    try {
      let read = false;
      const stdin = (async function* () {
        read = true;
        yield Buffer.from('2024-05-02 10:00:00,000 ERROR: x\n');
      })();
      let err = '';
      const code = await classifyCommand(['--container', 'safework-app', '--gate', 'vectorscan'], { stdin, write: () => undefined, error: (t) => (err += t) });
      expect([code, read]).toEqual([EXIT_USAGE, false]);
      expect(err).toContain('--gate vectorscan: LITERAL_SCAN_ADDON=off');
      // auto without the addon: the JavaScript gate, the same events.
      const auto = await run(['--container', 'safework-app', '--summary'], fixtures);
      const none = await run(['--container', 'safework-app', '--summary', '--gate', 'none'], fixtures);
      expect(auto.out).toContain('(gate: literal)');
      expect(auto.out.split('\n').slice(1)).toEqual(none.out.split('\n').slice(1));
    } finally {
      if (saved === undefined) delete process.env['LITERAL_SCAN_ADDON'];
      else process.env['LITERAL_SCAN_ADDON'] = saved;
    }
    expect((await run(['--container', 'x', '--gate', 'fast'], '')).code).toBe(EXIT_USAGE);
  });

  it('prints one JSON object per event with the contract fields', async () => {
    const { code, out } = await run(
      ['--container', 'safework-app'],
      '2024-05-02 10:00:00,000 INFO: ok\n172.18.0.1 - - [02/May/2024:10:32:00 +0000] "POST /survey/submit HTTP/1.1" 500 265 "-" "curl"\n',
    );
    expect(code).toBe(0);
    const events = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'application_error',
      severity: 'medium',
      firstLine: 1,
      lastLine: 1,
      ruleId: 'http-server-error-status',
      escalate: false,
      request: { method: 'POST', url: '/survey/submit', clientIp: '172.18.0.1', status: 500 },
    });
    expect(events[0]?.['fingerprint']).toMatch(/^v1-/);
    expect(typeof events[0]?.['message']).toBe('string');
  });

  it('prints nothing for benign input', async () => {
    const { code, out } = await run(['--container', 'r'], '1:M 02 May 2024 09:00:00.001 * Ready to accept connections tcp\n');
    expect([code, out]).toEqual([0, '']);
  });

  it('exits 0 on any bytes', async () => {
    const junk = Buffer.from([0xff, 0xfe, 0x00, 0x0a, 0xc3, 0x28, 0x1b, 0x5b, 0x0a, 0xe2, 0x82]);
    expect((await run(['--container', 'x'], junk)).code).toBe(0);
  });

  it('gives the same events with and without the literal gate', async () => {
    const a = await run(['--container', 'app'], fixtures);
    const b = await run(['--container', 'app', '--no-gate'], fixtures);
    expect(a.out.split('\n').length).toBeGreaterThan(10);
    expect(a.out).toBe(b.out);
  });

  it('chooses the gate on the sample the input offers, and finds the same events whatever it is', async () => {
    const head = await run(['--container', 'app', '--gate', 'literal'], fixtures);
    let asked = 0;
    let out = '';
    const stdin = (async function* () {
      yield Buffer.from(fixtures);
    })();
    // A sample that is nothing like the input: the gate lets other lines through, the events stay.
    const sample = (): Buffer => {
      asked++;
      return Buffer.from('2024-05-02 10:00:00,000 INFO: survey stored\n'.repeat(100));
    };
    expect(await classifyCommand(['--container', 'app', '--gate', 'literal'], { stdin, sample, write: (t) => (out += t), error: () => undefined })).toBe(0);
    expect(asked).toBe(1);
    expect(out).toBe(head.out);
  });

  const withAddon = 'binding' in loadLiteralScan() ? it : it.skip;
  withAddon('classifies each chunk while the gate scans the next in the background, with the same events', async () => {
    // Past the gate's 256 KiB sample, in chunks that cut lines, UTF-8 and colour anywhere; each
    // chunk its own buffer, so every chunk stays as it is (chunksKept).
    const bytes = Buffer.from(`${fixtures}\x1b[31mERROR\x1b[0m 설문 저장 실패: redis.exceptions.ConnectionError: Error 111 connecting to redis:6379.\n`.repeat(200));
    const feed = (kept: number, size = 70_001): Promise<string> => {
      let out = '';
      const stdin = (async function* () {
        for (let i = 0; i < bytes.length; i += size) yield Buffer.from(bytes.subarray(i, i + size));
      })();
      return classifyCommand(['--container', 'safework-app'], { stdin, chunksKept: kept, write: (t) => (out += t), error: () => undefined }).then(() => out);
    };
    const prescan = jest.spyOn(VectorscanGate.prototype, 'prescan');
    try {
      const background = await feed(2);
      expect(prescan.mock.calls.length).toBeGreaterThan(10);
      prescan.mockClear();
      const inline = await feed(1);
      expect(prescan).not.toHaveBeenCalled();
      expect(background.split('\n').length).toBeGreaterThan(100);
      expect(background).toEqual(inline);
      // a first chunk that holds the whole sample is scanned where it lies, not copied
      expect(await feed(2, 300_001)).toEqual(inline);
    } finally {
      prescan.mockRestore();
    }
  });

  it('prints a summary table with --summary', async () => {
    const { out } = await run(['--container', 'app', '--summary'], "pymysql.err.OperationalError: (1040, 'Too many connections')\n".repeat(3));
    expect(out).toMatch(/^3 lines, 3 events, 1 fingerprints/);
    expect(out).toMatch(/\s3 {2}critical {2}database_connection/);
  });

  it('rejects bad arguments with a usage message', async () => {
    expect((await run([], '')).code).toBe(EXIT_USAGE);
    const unknown = await run(['--container', 'a', '--bogus'], '');
    expect(unknown.code).toBe(EXIT_USAGE);
    expect(unknown.err).toMatch(/usage: classify/);
  });

  it('rejects a bad rules file naming the rule, field and reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, 'rules:\n  - id: broken\n    type: application_error\n    severity: high\n    pattern: "(oops"\n');
    const bad = await run(['--container', 'a', '--rules', file], '');
    expect(bad.code).toBe(EXIT_CONFIG);
    expect(bad.err).toMatch(/CLS_ERR_INVALID_RULE.*\n.*rule "broken", field "pattern": invalid regular expression/);
    expect((await run(['--container', 'a', '--rules', join(dir, 'missing.yaml')], '')).code).toBe(EXIT_CONFIG);
  });

  it('uses a user rules file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const file = join(dir, 'rules.json');
    writeFileSync(file, JSON.stringify([{ id: 'seed-mysql', type: 'database_connection', severity: 'critical', pattern: 'mysql.*Connection.*failed' }]));
    const { out } = await run(['--container', 'a', '--rules', file], 'mysql: Connection to primary failed\n');
    expect(JSON.parse(out)).toMatchObject({ ruleId: 'seed-mysql', severity: 'critical' });
  });
});
