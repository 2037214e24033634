import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RotatingFile } from './rotating-file';

describe('RotatingFile', () => {
  it('creates the file 0640 and rotates by size, keeping N files', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rot-')), 'logs', 'x.log');
    const file = new RotatingFile(path, { maxBytes: 100, keep: 2 });
    for (let i = 0; i < 10; i++) file.write(`${String(i).repeat(39)}\n`);
    file.close();
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readFileSync(path, 'utf8')).toBe(`${'8'.repeat(39)}\n${'9'.repeat(39)}\n`);
    expect(readFileSync(`${path}.1`, 'utf8').startsWith('6')).toBe(true);
    expect(existsSync(`${path}.2`)).toBe(true);
    expect(existsSync(`${path}.3`)).toBe(false);
  });
});
