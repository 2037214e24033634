import { ClassifierError } from '../errors';
import { BUILTIN_RULES } from './builtin-rules';
import { compileRules, mergeRules, validateRules } from './rule-schema';
import { parseRulesFile, parseRulesText } from './rules-file';

function issuesOf(fn: () => unknown): Array<{ ruleId: string; field: string; reason: string }> {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ClassifierError);
    return [...(error as ClassifierError).issues];
  }
  throw new Error('expected a ClassifierError');
}

describe('rule validation', () => {
  it('accepts every built-in rule', () => {
    expect(validateRules(BUILTIN_RULES)).toHaveLength(BUILTIN_RULES.length);
  });

  it.each([
    [{ id: 'r1', type: 'database_connection', severity: 'high', pattern: '(unclosed' }, 'r1', 'pattern', /invalid regular expression/],
    [{ id: 'r2', type: 'disk', severity: 'high', pattern: 'x' }, 'r2', 'type', /must be one of/],
    [{ id: 'r3', type: 'authentication', severity: 'urgent', pattern: 'x' }, 'r3', 'severity', /must be one of/],
    [{ id: 'r4', type: 'authentication', pattern: 'x' }, 'r4', 'severity', /required unless "ignore"/],
    [{ id: 'r5', type: 'authentication', severity: 'low', pattern: 'x', flags: 'g' }, 'r5', 'flags', /may only contain/],
    [{ type: 'authentication', severity: 'low', pattern: 'x' }, '#0', 'id', /.+/],
    [{ id: 'r7', type: 'authentication', severity: 'low', pattern: 'x', colour: 'red' }, 'r7', '(rule)', /colour|Unrecognized/i],
    [{ id: 'r8', type: 'authentication', severity: 'low', pattern: 'x', escalate: 'no' }, 'r8', 'escalate', /boolean/i],
  ])('names the rule, field and reason: %j', (rule, ruleId, field, reason) => {
    const [issue] = issuesOf(() => validateRules([rule]));
    expect(issue).toMatchObject({ ruleId, field });
    expect(issue?.reason).toMatch(reason);
  });

  it('reports every bad rule, not just the first, and rejects duplicate ids', () => {
    const issues = issuesOf(() =>
      validateRules({
        rules: [
          { id: 'a', type: 'authentication', severity: 'low', pattern: '[' },
          { id: 'a', type: 'authentication', severity: 'low', pattern: 'x' },
        ],
      }),
    );
    expect(issues.map((i) => `${i.ruleId}.${i.field}`)).toEqual(['a.pattern', 'a.id']);
  });

  it('parses YAML and JSON rules files and says which file is bad', () => {
    const yaml = 'rules:\n  - id: slow\n    type: application_error\n    severity: medium\n    pattern: took \\d+ms\n';
    expect(parseRulesText(yaml)[0]?.id).toBe('slow');
    expect(parseRulesText('[{"id":"j","ignore":true,"pattern":"x"}]')[0]?.ignore).toBe(true);
    expect(() => parseRulesText('rules: [', 'my-rules.yaml')).toThrow(/my-rules\.yaml: not valid YAML/);
    try {
      parseRulesText('[{"id":"bad","type":"x","severity":"low","pattern":"y"}]', 'r.json');
    } catch (error) {
      expect((error as ClassifierError).code).toBe('CLS_ERR_INVALID_RULE');
      expect((error as Error).message).toMatch(/r\.json: invalid rules:\n {2}rule "bad", field "type"/);
    }
    expect.assertions(5);
  });

  it('lets a user rule replace or switch off a built-in, and adds new ones', () => {
    const merged = mergeRules(BUILTIN_RULES, [
      { id: 'csrf-failure', type: 'authentication', severity: 'medium', pattern: 'CSRF' },
      { id: 'http-not-found', pattern: 'x', enabled: false },
      { id: 'mine', type: 'survey_system', severity: 'high', pattern: 'form lost' },
    ]);
    const compiled = compileRules(merged);
    expect(compiled.find((r) => r.id === 'csrf-failure')?.severity).toBe('medium');
    expect(compiled.find((r) => r.id === 'http-not-found')).toBeUndefined();
    expect(compiled.find((r) => r.id === 'mine')).toBeDefined();
  });
});

describe('a rules file that declares dependencies', () => {
  it('reads the hosts the apps use for a service, and names a bad entry', () => {
    const text = ['rules: []', 'dependencies:', '  - { host: db.prod.internal, kind: mysql }', '  - { host: cache, kind: redis, container: safework-redis }'].join('\n');
    expect(parseRulesFile(text, 'rules.yaml').dependencies).toEqual([
      { host: 'db.prod.internal', kind: 'mysql' },
      { host: 'cache', kind: 'redis', container: 'safework-redis' },
    ]);
    expect(() => parseRulesFile('rules: []\ndependencies:\n  - { host: x, kind: mongo }\n', 'rules.yaml')).toThrow(/rules\.yaml: invalid dependencies: dependencies\[0\]\.kind must be one of redis, mysql, postgresql/);
  });
});
