import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { SecretCatalogue } from './catalogue';
import { CATALOGUE_SAMPLES } from './secret-samples';

describe('SecretCatalogue', () => {
  const catalogue = new SecretCatalogue();

  it('runs every scanner of the recommended preset', () => {
    expect(catalogue.rules).toEqual(expect.arrayContaining(['aws', 'gcp', 'slack', 'github', 'gitlab', 'npm', 'openai', 'privatekey', 'basicauth', 'database-connection-string']));
    expect(catalogue.rules.length).toBeGreaterThanOrEqual(20);
  });

  it.each(CATALOGUE_SAMPLES.map((s) => [s.kind, s] as const))('finds %s where the line carries it', (_kind, sample) => {
    const found = catalogue.find(sample.line);
    const at = sample.line.indexOf(sample.value);
    expect(found.some((f) => f.rule === sample.rule && f.start <= at && f.end > at)).toBe(true);
  });

  it('finds what @secretlint/core finds, at the same places', async () => {
    for (const sample of CATALOGUE_SAMPLES) {
      const core = await lintSource({
        source: { content: sample.line, filePath: 'app.log', ext: '.log', contentType: 'text' },
        options: { config: { rules: [{ id: recommended.meta.id, rule: recommended, options: {} }] } as never },
      });
      const ours = catalogue.find(sample.line).map((f) => `${f.rule}@${f.start}-${f.end}`).sort();
      const theirs = core.messages.map((m) => `${m.ruleId.replace('@secretlint/secretlint-rule-', '')}@${m.range[0]}-${m.range[1]}`).sort();
      expect({ line: sample.line, found: ours }).toEqual({ line: sample.line, found: theirs });
    }
  });

  it('cannot be switched off by a log line: secretlint-disable comments are not honoured', () => {
    const sample = CATALOGUE_SAMPLES.find((s) => s.rule === 'npm');
    const line = `// secretlint-disable-next-line\n${sample?.line ?? ''} /* secretlint-disable */`;
    expect(catalogue.rules).not.toContain('filter-comments');
    expect(catalogue.find(line).map((f) => f.rule)).toContain('npm');
  });

  it('finds nothing in ordinary log lines', () => {
    for (const line of [
      '2024-05-02 10:00:00,123 ERROR: [CRITICAL] database_connection_error: (pymysql.err.OperationalError) (2003, "Can\'t connect to MySQL server on \'safework-mysql\' ([Errno 111] Connection refused)") [in /app/app.py:42]',
      '172.18.0.1 - - [02/May/2024:10:00:00 +0000] "POST /survey/submit HTTP/1.1" 500 265 "-" "Mozilla/5.0"',
      'redis.exceptions.ConnectionError: Error 111 connecting to safework-redis:6379. Connection refused.',
    ]) {
      expect(catalogue.find(line)).toEqual([]);
    }
  });
});
