import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORTER_ERROR_CODES } from './errors';

describe('reporter error catalogue', () => {
  it('is documented in docs/errors.md, code for code (each is provoked in the monitor\'s reporter suite)', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/errors.md'), 'utf8');
    const documented = new Set([...doc.matchAll(/`(GHR_ERR_[A-Z_]+)`/g)].map((m) => m[1]));
    expect(documented).toEqual(new Set(Object.keys(REPORTER_ERROR_CODES)));
  });
});
