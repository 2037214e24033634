import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, parseDotEnv } from './load-config';

describe('.env.example', () => {
  const example = parseDotEnv(readFileSync(join(__dirname, '../../../../.env.example'), 'utf8'));

  it('is a valid configuration as it stands', () => {
    expect(() => loadConfig(example)).not.toThrow();
  });

  it('documents every setting the monitor reads', () => {
    const source = readFileSync(join(__dirname, 'load-config.ts'), 'utf8');
    const keys = [...source.matchAll(/^ {2}([A-Z_]+): /gm)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThan(15);
    for (const key of keys) expect(Object.keys(example)).toContain(key);
  });
});
