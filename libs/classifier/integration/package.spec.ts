import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Packs the built library (`nx build classifier` runs first) and uses it from a fresh project,
// the way another service would.
const dist = resolve(__dirname, '../../../dist/libs/classifier');

describe('@safework/classifier as a package', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'classifier-consumer-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('packs with types and no Nx dependency, installs and classifies', () => {
    const manifest = JSON.parse(readFileSync(join(dist, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      types?: string;
    };
    expect(Object.keys(manifest.dependencies ?? {}).filter((d) => d.includes('nx'))).toEqual([]);
    expect(manifest.types).toBe('./src/index.d.ts');

    const tarball = execFileSync('npm', ['pack', dist, '--pack-destination', dir, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop() as string;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, tarball)], { cwd: dir, stdio: 'pipe' });
    writeFileSync(
      join(dir, 'use.js'),
      `const { createClassifier, EventDetector } = require('@safework/classifier');
       const d = new EventDetector(createClassifier());
       const k = { container: 'safework-app', stream: 'stderr' };
       const events = [...d.push(k, "pymysql.err.OperationalError: (1040, 'Too many connections')", 0), ...d.flush()];
       process.stdout.write(JSON.stringify(events.map((e) => [e.type, e.severity])));`,
    );
    expect(JSON.parse(execFileSync('node', ['use.js'], { cwd: dir, encoding: 'utf8' }))).toEqual([['database_connection', 'critical']]);
    const dts = readFileSync(join(dir, 'node_modules/@safework/classifier/src/index.d.ts'), 'utf8');
    expect(dts).toContain('createClassifier');
    const installed = readFileSync(join(dir, 'package-lock.json'), 'utf8');
    expect(installed).not.toMatch(/"node_modules\/(?:nx|@nx\/)/);
  });
});
