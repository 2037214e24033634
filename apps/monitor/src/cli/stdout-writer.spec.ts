import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stdoutWriter } from './stdout-writer';

/** A process that writes `lines` lines of 64 KiB with `stdoutWriter`, after `setup` ran. */
function writer(setup: string, lines: number): ReturnType<typeof spawn> {
  const code = `${setup}
const { stdoutWriter } = require(${JSON.stringify(join(__dirname, 'stdout-writer.ts'))});
const write = stdoutWriter(1, () => { process.stderr.write('handed over\\n'); return process.stdout; });
for (let i = 0; i < ${lines}; i++) write(String(i).padStart(8, '0') + 'x'.repeat(65527) + '\\n');`;
  return spawn(process.execPath, ['-r', 'tsx/cjs', '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('stdoutWriter', () => {
  it('writes every text whole and in order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stdout-'));
    const file = join(dir, 'out');
    const fd = openSync(file, 'w');
    try {
      const write = stdoutWriter(fd);
      write('one\n');
      write(`${'두'.repeat(100_000)}\n`);
      write('three\n');
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file, 'utf8')).toBe(`one\n${'두'.repeat(100_000)}\nthree\n`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands a non-blocking stdout that is full over to the stream, losing and reordering nothing', async () => {
    // A stream on the pipe makes it non-blocking (libuv); the reader waits a second before reading.
    const child = writer('void process.stdout;', 64);
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.pause();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (d: Buffer) => chunks.push(d));
    child.stdout?.resume();
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect({ code, err }).toEqual({ code: 0, err: 'handed over\n' });
    const lines = Buffer.concat(chunks).toString().split('\n').slice(0, -1);
    expect(lines.map((line) => Number(line.slice(0, 8)))).toEqual([...Array(64).keys()]);
    expect(lines.every((line) => line.length === 65_535)).toBe(true);
  });

  it('ends the process quietly when the reader has gone', async () => {
    const child = writer('', 64);
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.destroy();
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect({ code, err }).toEqual({ code: 0, err: '' });
  });
});
