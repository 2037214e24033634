import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The documented entry point, as a user runs it: `npm run -s classify -- …`.
const root = join(__dirname, '../../..');

describe('npm run -s classify', () => {
  it('reads stdin and prints JSONL', () => {
    const result = spawnSync('npm', ['run', '-s', 'classify', '--', '--container', 'safework-redis'], {
      cwd: root,
      input: '1:M 02 May 2024 10:01:12.003 # Can\'t save in background: fork: Cannot allocate memory\n',
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ type: 'redis_connection', severity: 'critical', firstLine: 0, lastLine: 0 });
  });

  it('prints the same events for a file on stdin (mapped a window at a time) as for the same bytes through a pipe (read)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'classify-cli-'));
    const file = join(dir, 'app.log');
    // ~12 MB: a 1 MiB first window and 4 MiB ones after, with tracebacks and events across their edges.
    const lines: string[] = [];
    for (let i = 0; lines.length < 300_000; i++) {
      lines.push(`2024-05-02 10:00:${String(i % 60).padStart(2, '0')},000 INFO werkzeug: 10.0.0.${i % 250} - - "GET /health HTTP/1.1" 200 -`);
      if (i % 997 === 0) lines.push(`2024-05-02 10:00:00,000 ERROR app: Exception on /survey/${i} [POST]`, 'Traceback (most recent call last):', '  File "/app/views.py", line 12, in submit', '    save(form)', `KeyError: 'respondent_${i}'`);
      if (i % 1499 === 0) lines.push(`2024-05-02 10:00:00,000 ERROR [db] (MySQLdb.OperationalError) (2002, "Can't connect to MySQL server on 'db' (115)")`);
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const fd = openSync(file, 'r');
    try {
      const args = ['run', '-s', 'classify', '--', '--container', 'safework-app'];
      const mapped = spawnSync('npm', args, { cwd: root, stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
      const piped = spawnSync('npm', args, { cwd: root, input: readFileSync(file), encoding: 'utf8', maxBuffer: 64 << 20 });
      expect(mapped.status).toBe(0);
      expect(piped.status).toBe(0);
      expect(mapped.stderr).toBe('');
      expect(mapped.stdout.split('\n').length).toBeGreaterThan(400);
      expect(mapped.stdout).toBe(piped.stdout);
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits non-zero on bad arguments', () => {
    const result = spawnSync('npm', ['run', '-s', 'classify', '--', '--nope'], { cwd: root, input: '', encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/usage/);
  });
});
