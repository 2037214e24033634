import { loadHealthConfig } from './config';

describe('health API config', () => {
  it('binds to localhost by default, on a port that is not the SafeWork app\'s 4545', () => {
    const config = loadHealthConfig({});
    expect(config.HEALTH_API_HOST).toBe('127.0.0.1');
    expect(config.HEALTH_API_PORT).not.toBe(4545);
    expect(config.HEALTH_API_TOKEN).toBeUndefined();
  });

  it('names bad fields', () => {
    expect(() => loadHealthConfig({ HEALTH_API_PORT: 'x', HEALTH_API_TOKEN: 'short' })).toThrow(/HEALTH_API_PORT[\s\S]*HEALTH_API_TOKEN: must be at least 8/);
  });
});
