/*
 * `npm run -s github-fake -- --port <n> [--token <t>] [--readonly-token <t>] [--repo owner/name] [--public-repo owner/name]`
 * Serves the fake until killed; prints `listening on http://127.0.0.1:<n>`.
 */
import { parseArgs } from 'node:util';
import { GitHubFake } from './github-fake';
import type { FakeUser } from './fake-types';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    token: { type: 'string', multiple: true },
    'readonly-token': { type: 'string', multiple: true },
    repo: { type: 'string', multiple: true },
    'public-repo': { type: 'string', multiple: true },
  },
});
const tokens: Record<string, FakeUser> = {};
for (const t of values.token ?? ['fake-push-token']) tokens[t] = { login: 'safework-bot', push: true };
for (const t of values['readonly-token'] ?? []) tokens[t] = { login: 'readonly-bot', push: false };
const fake = new GitHubFake({ tokens, repos: values.repo ?? ['safework/safework'], publicRepos: values['public-repo'] ?? [] });
fake.start(Number(values.port)).then(
  (url) => {
    process.stdout.write(`listening on ${url}\n`);
    const stop = (): void => void fake.stop().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
  (error: unknown) => {
    process.stderr.write(`github-fake: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
