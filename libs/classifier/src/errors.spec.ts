import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLASSIFIER_ERROR_CODES } from './errors';
import { parseRulesText } from './rules/rules-file';

describe('error catalogue', () => {
  it('is documented in docs/errors.md, code for code', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/errors.md'), 'utf8');
    const documented = [...doc.matchAll(/`(CLS_ERR_[A-Z_]+)`/g)].map((m) => m[1]);
    expect(new Set(documented)).toEqual(new Set(Object.keys(CLASSIFIER_ERROR_CODES)));
  });

  it.each([
    ['CLS_ERR_INVALID_RULE', '[{"id":"x","type":"nope","severity":"low","pattern":"a"}]'],
    ['CLS_ERR_RULES_SYNTAX', '{ rules: ['],
  ])('%s is raised', (code, text) => {
    expect(() => parseRulesText(text)).toThrow(expect.objectContaining({ code }));
  });
});
