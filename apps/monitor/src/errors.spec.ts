import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config/load-config';
import { MONITOR_ERROR_CODES } from './errors';

describe('monitor error catalogue', () => {
  it('is documented in docs/errors.md, code for code', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/errors.md'), 'utf8');
    const documented = new Set([...doc.matchAll(/`(MON_ERR_[A-Z_]+)`/g)].map((m) => m[1]));
    expect(documented).toEqual(new Set(Object.keys(MONITOR_ERROR_CODES)));
  });

  it('provokes MON_ERR_CONFIG', () => {
    expect(() => loadConfig({ MONITORING_INTERVAL: 'soon' })).toThrow(ConfigError);
    expect(() => loadConfig({ MONITORING_INTERVAL: 'soon' })).toThrow(expect.objectContaining({ code: 'MON_ERR_CONFIG' }));
  });
});
