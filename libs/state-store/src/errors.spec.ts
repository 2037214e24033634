import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_STORE_ERROR_CODES } from './errors';

describe('state-store error catalogue', () => {
  it('is documented in docs/errors.md, code for code (each is provoked in sqlite-state-store.spec)', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/errors.md'), 'utf8');
    const documented = new Set([...doc.matchAll(/`(STS_ERR_[A-Z_]+)`/g)].map((m) => m[1]));
    expect(documented).toEqual(new Set(Object.keys(STATE_STORE_ERROR_CODES)));
  });
});
