import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Nothing binds beyond localhost by default: the health API as a process with its defaults
// answers on 127.0.0.1 and refuses connections on this machine's other addresses.
const root = join(__dirname, '../../..');

describe('health API default binding', () => {
  it('listens on 127.0.0.1 only', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
      .map((a) => a?.address ?? '');
    // dockerd's bridge gives every test machine at least one non-loopback address.
    expect(others.length).toBeGreaterThan(0);
    const port = 20000 + (process.pid % 10000);
    const child = spawn(process.execPath, ['--import', pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href, join(root, 'apps/health-api/src/main.ts')], {
      cwd: mkdtempSync(join(tmpdir(), 'binding-')),
      env: { PATH: process.env['PATH'] ?? '', TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'), HEALTH_API_PORT: String(port), STATE_DIR: mkdtempSync(join(tmpdir(), 'binding-state-')) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      for (let i = 0; i < 100 && !out.includes('health API on'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain(`health API on http://127.0.0.1:${port}`);
      expect((await fetch(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
      for (const address of others) {
        const error = await fetch(`http://${address}:${port}/livez`, { signal: AbortSignal.timeout(5_000) }).then(
          () => undefined,
          (e: Error & { cause?: { code?: string } }) => e.cause?.code,
        );
        expect([address, error]).toEqual([address, 'ECONNREFUSED']);
      }
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses to start on every address without a token: exit 78, naming the fix', async () => {
    const child = spawn(process.execPath, ['--import', pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href, join(root, 'apps/health-api/src/main.ts')], {
      cwd: mkdtempSync(join(tmpdir(), 'binding-')),
      env: { PATH: process.env['PATH'] ?? '', TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'), HEALTH_API_HOST: '0.0.0.0', HEALTH_API_PORT: '0', STATE_DIR: mkdtempSync(join(tmpdir(), 'binding-state-')) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(78);
    expect(out).toContain('HEALTH_API_TOKEN: is required when HEALTH_API_HOST (0.0.0.0) is not a loopback address');
    expect(out).toContain('HEALTH_API_ALLOW_ANONYMOUS=true');
    expect(out).not.toContain('health API on');
  });
});
