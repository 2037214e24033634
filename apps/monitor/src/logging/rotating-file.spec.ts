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

  it('writes text of every size and script byte for byte, rotating by bytes, not characters', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rot-')), 'x.log');
    const file = new RotatingFile(path, { maxBytes: 4 * 1024 * 1024, keep: 1 });
    const pieces = ['short\n', `${'설문 저장 실패 '.repeat(3000)}\n`, `${'a'.repeat(100)}\n`, `${'é😀'.repeat(200_000)}\n`, 'last\n'];
    for (const p of pieces) file.write(p);
    file.close();
    expect(readFileSync(path, 'utf8')).toBe(pieces.join(''));
    // Three bytes a Korean character: the file rotates on bytes.
    const small = join(mkdtempSync(join(tmpdir(), 'rot-')), 'y.log');
    const rotating = new RotatingFile(small, { maxBytes: 10, keep: 1 });
    rotating.write('가나다\n');
    rotating.write('라\n');
    rotating.close();
    expect(readFileSync(small, 'utf8')).toBe('라\n');
    expect(readFileSync(`${small}.1`, 'utf8')).toBe('가나다\n');
  });
});
