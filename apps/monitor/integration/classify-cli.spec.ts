import { spawnSync } from 'node:child_process';
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

  it('exits non-zero on bad arguments', () => {
    const result = spawnSync('npm', ['run', '-s', 'classify', '--', '--nope'], { cwd: root, input: '', encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/usage/);
  });
});
