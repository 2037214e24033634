import { loadHealthConfig } from './config';

describe('health API config', () => {
  it('binds to localhost by default, on a port that is not the SafeWork app\'s 4545', () => {
    const config = loadHealthConfig({});
    expect(config.HEALTH_API_HOST).toBe('127.0.0.1');
    expect(config.HEALTH_API_PORT).not.toBe(4545);
    expect(config.HEALTH_API_TOKEN).toBeUndefined();
  });

  it('refuses a non-loopback address without a token unless anonymous access is allowed', () => {
    expect(() => loadHealthConfig({ HEALTH_API_HOST: '0.0.0.0' })).toThrow(/HEALTH_API_TOKEN: is required when HEALTH_API_HOST \(0\.0\.0\.0\) is not a loopback address[\s\S]*HEALTH_API_ALLOW_ANONYMOUS=true/);
    expect(loadHealthConfig({ HEALTH_API_HOST: '0.0.0.0', HEALTH_API_TOKEN: 'dashboard-token-1' }).HEALTH_API_TOKEN).toBe('dashboard-token-1');
    expect(loadHealthConfig({ HEALTH_API_HOST: '0.0.0.0', HEALTH_API_ALLOW_ANONYMOUS: 'true' }).HEALTH_API_ALLOW_ANONYMOUS).toBe(true);
    for (const host of ['127.0.0.1', '127.0.0.53', '::1', 'localhost']) expect(loadHealthConfig({ HEALTH_API_HOST: host }).HEALTH_API_HOST).toBe(host);
  });

  it('names bad fields', () => {
    expect(() => loadHealthConfig({ HEALTH_API_PORT: 'x', HEALTH_API_TOKEN: 'short' })).toThrow(/HEALTH_API_PORT[\s\S]*HEALTH_API_TOKEN: must be at least 8/);
    expect(() => loadHealthConfig({ STATE_REDIS_URL: 'localhost:6379' })).toThrow(/STATE_REDIS_URL: must be redis:\/\//);
    expect(loadHealthConfig({ STATE_REDIS_URL: 'redis://redis:6379' })).toMatchObject({ STATE_REDIS_URL: 'redis://redis:6379', STATE_REDIS_PREFIX: 'safework-monitor' });
  });
});
