import { GitHubFake } from './github-fake';
import { loadGitHubSubset, SERVED_PATHS } from './openapi-subset';
import { sampleFromSchema } from './schema-sample';

describe('GitHubFake', () => {
  let fake: GitHubFake;
  const auth = { authorization: 'token fake-push-token', 'content-type': 'application/json' };
  beforeAll(async () => {
    fake = new GitHubFake({ tokens: { 'fake-push-token': { login: 'bot', push: true }, 'read-only': { login: 'reader', push: false } } });
    await fake.start();
  });
  afterAll(() => fake.stop());

  it('serves the paths it claims from GitHub\'s own description', () => {
    expect(Object.keys(loadGitHubSubset().paths).sort()).toEqual([...SERVED_PATHS].sort());
  });

  it('creates unknown labels, paginates with Link headers, and validates its responses', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${fake.url}/repos/safework/safework/issues`, { method: 'POST', headers: auth, body: JSON.stringify({ title: `t${i}`, labels: ['new-label'] }) });
      expect(res.status).toBe(201);
    }
    const page1 = await fetch(`${fake.url}/repos/safework/safework/issues?per_page=2&labels=new-label`, { headers: auth });
    expect(((await page1.json()) as unknown[]).length).toBe(2);
    expect(page1.headers.get('link')).toMatch(/[?&]page=2>; rel="next".*[?&]page=3>; rel="last"/);
    expect(page1.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
    expect(fake.responseErrors).toEqual([]);
  });

  it('drops labels silently for a token without push access, like GitHub', async () => {
    const res = await fetch(`${fake.url}/repos/safework/safework/issues`, { method: 'POST', headers: { ...auth, authorization: 'token read-only' }, body: JSON.stringify({ title: 'x', labels: ['bug'] }) });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { labels: unknown[] }).labels).toEqual([]);
  });

  it('rejects requests GitHub would reject, and records every request without its token', async () => {
    const bad = await fetch(`${fake.url}/repos/safework/safework/issues/1`, { method: 'PATCH', headers: auth, body: JSON.stringify({ state: 'shut' }) });
    expect(bad.status).toBe(422);
    const missing = await fetch(`${fake.url}/repos/safework/nope/issues/1`, { headers: auth });
    expect(missing.status).toBe(404);
    const recorded = await (await fetch(`${fake.url}/_fake/requests`)).json();
    expect(JSON.stringify(recorded)).not.toContain('fake-push-token');
    expect((recorded as Array<{ status: number }>).map((r) => r.status)).toContain(422);
  });

  it('injects faults: status codes with retry-after, then serves normally', async () => {
    await fetch(`${fake.url}/_fake/faults`, { method: 'POST', body: JSON.stringify({ kind: 'secondary', retryAfter: 7, count: 1 }) });
    const limited = await fetch(`${fake.url}/repos/safework/safework/issues`, { headers: auth });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([403, '7']);
    expect(((await limited.json()) as { message: string }).message).toMatch(/secondary rate limit/);
    expect((await fetch(`${fake.url}/repos/safework/safework/issues`, { headers: auth })).status).toBe(200);
  });
});

describe('sampleFromSchema', () => {
  it('fills required fields by type and format', () => {
    expect(
      sampleFromSchema({ type: 'object', required: ['a', 'b', 'c', 'd'], properties: { a: { type: 'string', format: 'uri' }, b: { type: 'integer' }, c: { type: 'string', nullable: true }, d: { type: 'array' } } }),
    ).toEqual({ a: 'https://github.com/fake', b: 1, c: null, d: [] });
  });
});
