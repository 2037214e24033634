import { ConfigError, loadConfig, parseDotEnv } from './load-config';

describe('loadConfig', () => {
  it('has the seed\'s defaults', () => {
    expect(loadConfig({})).toMatchObject({
      ERROR_MONITORING_ENABLED: true,
      MONITORING_INTERVAL: 30,
      ERROR_SEVERITY_THRESHOLD: 'high',
      REPORT_COMMENT_INTERVAL: 3600,
      ISSUE_LANGUAGE: 'ko',
      STATE_DIR: './data',
      LOG_DIR: './logs',
    });
  });

  it('names every bad field with its fix, in one error', () => {
    let error: unknown;
    try {
      loadConfig({ GITHUB_REPO: 'no-slash', MONITORING_INTERVAL: 'soon', ERROR_SEVERITY_THRESHOLD: 'urgent', ERROR_MONITORING_ENABLED: 'maybe', ISSUE_LANGUAGE: 'fr' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const fields = (error as ConfigError).fields.map((f) => f.field).sort();
    expect(fields).toEqual(['ERROR_MONITORING_ENABLED', 'ERROR_SEVERITY_THRESHOLD', 'GITHUB_REPO', 'ISSUE_LANGUAGE', 'MONITORING_INTERVAL']);
    expect((error as Error).message).toMatch(/GITHUB_REPO: must be owner\/name.* — set it to the repository/);
  });

  it('reads lists and ignores unrelated variables', () => {
    expect(loadConfig({ MONITOR_CONTAINERS: 'a, b,,c', PATH: '/bin' }).MONITOR_CONTAINERS).toEqual(['a', 'b', 'c']);
  });
});

describe('parseDotEnv', () => {
  it('reads KEY=VALUE with comments and quotes', () => {
    expect(parseDotEnv('# c\nA=1\nexport B="two words"\nC=3 # note\nD=\'x#y\'\n\nbad line')).toEqual({ A: '1', B: 'two words', C: '3', D: 'x#y' });
  });
});
