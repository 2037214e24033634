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

  it('documents every variable docker-compose.yml and the health API read', () => {
    const compose = readFileSync(join(__dirname, '../../../../docker-compose.yml'), 'utf8');
    const fromCompose = [...new Set([...compose.matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]))];
    expect(fromCompose).toEqual(expect.arrayContaining(['MYSQL_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'DOCKER_GID', 'HEALTH_API_PORT']));
    const healthApi = readFileSync(join(__dirname, '../../../health-api/src/config.ts'), 'utf8');
    const fromHealthApi = [...healthApi.matchAll(/^ {2}([A-Z_]+): /gm)].map((m) => m[1]);
    expect(fromHealthApi).toEqual(expect.arrayContaining(['HEALTH_API_HOST', 'HEALTH_API_TOKEN', 'HEALTH_API_ALLOW_ANONYMOUS']));
    for (const key of [...fromCompose, ...fromHealthApi]) expect(Object.keys(example)).toContain(key);
  });

  it('holds no secret: passwords and tokens are left empty', () => {
    const secrets = Object.entries(example).filter(([k]) => /PASSWORD|TOKEN(?!_FILE|_SECRET_FILE)|SECRET(?!_FILE)/.test(k));
    expect(secrets.map(([k]) => k)).toEqual(expect.arrayContaining(['GITHUB_TOKEN', 'MYSQL_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'HEALTH_API_TOKEN']));
    for (const [key, value] of secrets) expect({ key, value }).toEqual({ key, value: '' });
  });
});
