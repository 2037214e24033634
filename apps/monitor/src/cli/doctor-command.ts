import { accessSync, constants, mkdirSync } from 'node:fs';
import Dockerode from 'dockerode';
import { scrub } from '@safework/github-reporter';
import { dockerEndpoint, getStatus } from '../adapters/docker-endpoint';
import { createGitHubClient, readVisibility } from '../adapters/octokit-issues-api';
import { decideFiling } from '../adapters/public-repo-guard';
import { configOrExit } from './environment';

interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly fix?: string;
  /** Works, but needs a look: printed with `!`, not counted as a failure. */
  readonly warn?: boolean;
}

/** Never let a token reach the screen, whatever an error message carries. */
function clean(text: string, token: string | undefined): string {
  const s = scrub(text, { ip: 'keep' });
  return token ? s.split(token).join('[REDACTED]') : s;
}

async function check(name: string, fn: () => Promise<{ ok: boolean; detail: string; fix?: string; warn?: boolean }>): Promise<Check> {
  try {
    return { name, ...(await fn()) };
  } catch (error) {
    return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * What a token is (by its prefix, as GitHub documents them) and how far it reaches (a classic
 * token's scopes come back in `X-OAuth-Scopes`; a fine-grained one has none and reaches only the
 * repositories it was given).
 */
export function tokenReach(token: string, scopesHeader: string | undefined, repo: string): { ok: true; detail: string; warn?: boolean; fix?: string } {
  const kind = token.startsWith('github_pat_') ? 'fine-grained' : token.startsWith('ghp_') ? 'classic' : token.startsWith('ghs_') ? 'GitHub App installation' : token.startsWith('gho_') ? 'OAuth' : 'unrecognised';
  const scopes = (scopesHeader ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (kind === 'fine-grained' || kind === 'GitHub App installation') return { ok: true, detail: `${kind} token: it reaches only the repositories and permissions it was given` };
  const wide = scopes.includes('repo');
  const detail = `${kind} token with scopes ${scopes.length > 0 ? scopes.join(', ') : '(none)'}`;
  return wide
    ? { ok: true, warn: true, detail: `${detail}: it can write to every repository its owner can`, fix: `use a fine-grained token with Issues: read and write on ${repo} only` }
    : { ok: true, detail };
}

/**
 * `doctor`: the seed's troubleshooting section as a command. Checks Docker, the containers,
 * GitHub (token, repository, push access for labels, whether it is public) and the state and
 * log directories; prints ✓/!/✗ with the fix for each ✗ or !; exits 1 on any ✗.
 */
export async function doctorCommand(_argv: readonly string[], write: (text: string) => void = (t) => void process.stdout.write(t)): Promise<number> {
  const config = configOrExit(write);
  if (typeof config === 'number') return config;
  const token = config.GITHUB_TOKEN;
  const endpoint = dockerEndpoint(config);
  const docker = new Dockerode(endpoint.options);
  const checks: Check[] = [];
  checks.push(
    await check('Docker socket reachable', async () => {
      const v = await docker.version();
      return { ok: true, detail: `Engine ${v.Version}, API ${v.ApiVersion} at ${endpoint.describe}` };
    }).then((c) => (c.ok ? c : { ...c, fix: `start dockerd or the docker-proxy service, or set DOCKER_HOST / DOCKER_SOCKET (now ${endpoint.describe})` })),
  );
  checks.push(
    await check('Docker API filtered', async () => {
      // A read the monitor never needs: a filtering proxy refuses it, a raw socket serves it.
      const status = await getStatus(endpoint, '/images/json');
      return status === 403
        ? { ok: true, detail: `${endpoint.describe} is a filtering proxy: requests outside the monitor's allow-list get 403` }
        : { ok: true, warn: true, detail: `${endpoint.describe} is the raw Docker API: whoever runs code in the monitor can create privileged containers`, fix: 'run the docker-proxy service (deploy/docker-proxy) and set DOCKER_HOST=tcp://docker-proxy:2375' };
    }),
  );
  checks.push(
    await check('Containers visible', async () => {
      const list = await docker.listContainers({ all: true });
      const names = list.map((c) => (c.Names[0] ?? '').replace(/^\//, ''));
      const wanted = config.MONITOR_CONTAINERS ?? [];
      const missing = wanted.filter((w) => !names.includes(w));
      return missing.length === 0
        ? { ok: list.length > 0, detail: `${list.length} containers${wanted.length ? `; all of ${wanted.join(', ')} present` : ''}`, ...(list.length === 0 ? { fix: 'start the SafeWork stack: docker-compose up -d' } : {}) }
        : { ok: false, detail: `not found: ${missing.join(', ')}`, fix: 'start them (docker-compose up -d) or correct MONITOR_CONTAINERS' };
    }),
  );
  if (token === undefined) {
    checks.push({ name: 'GitHub token', ok: true, detail: 'not set: dry run, issue drafts go to logs/issue-drafts/' });
  } else {
    const client = createGitHubClient({ token, baseUrl: config.GITHUB_API_URL, timeoutMs: 10_000, rateLimitRetries: 0, serverErrorRetries: 0 });
    checks.push(
      await check('GitHub token valid', async () => {
        const { data } = await client.rest.users.getAuthenticated();
        return { ok: true, detail: `authenticated as ${data.login}` };
      }).then((c) => (c.ok ? c : { ...c, detail: clean(c.detail, token), fix: 'create a token with the "repo" scope (or Issues: read and write) and set GITHUB_TOKEN' })),
    );
    const [owner = '', repo = ''] = (config.GITHUB_REPO ?? '').split('/');
    checks.push(
      await check('GitHub token reach', async () => {
        const { headers } = await client.rest.users.getAuthenticated();
        return tokenReach(token, headers['x-oauth-scopes'], config.GITHUB_REPO ?? `${owner}/${repo}`);
      }).then((c) => (c.ok ? c : { ...c, detail: clean(c.detail, token) })),
    );
    checks.push(
      await check('Repository reachable with push access', async () => {
        const { data } = await client.rest.repos.get({ owner, repo });
        const push = data.permissions?.push === true;
        return push
          ? { ok: true, detail: `${data.full_name}: push access (labels will be set)` }
          : { ok: false, detail: `${data.full_name}: no push access — GitHub would silently drop the labels`, fix: 'give the token write access to the repository' };
      }).then((c) => (c.ok ? c : { ...c, detail: clean(c.detail, token), fix: c.fix ?? `check GITHUB_REPO (${config.GITHUB_REPO ?? 'unset'}) and the token's access to it` })),
    );
    checks.push(
      await check('Repository private', async () => {
        const d = decideFiling(`${owner}/${repo}`, await readVisibility(client, owner, repo), config.ALLOW_PUBLIC_REPO);
        return d.visibility !== 'public'
          ? { ok: true, detail: d.reason }
          : { ok: true, warn: true, detail: d.reason, ...(d.files ? {} : { fix: 'file to a private repository, or set ALLOW_PUBLIC_REPO=true if the logs may be public' }) };
      }).then((c) => (c.ok ? c : { ...c, detail: clean(c.detail, token) })),
    );
  }
  for (const [name, dir, key] of [['State directory writable', config.STATE_DIR, 'STATE_DIR'], ['Log directory writable', config.LOG_DIR, 'LOG_DIR']] as const) {
    checks.push(
      await check(name, () => {
        mkdirSync(dir, { recursive: true });
        accessSync(dir, constants.W_OK);
        return Promise.resolve({ ok: true, detail: dir });
      }).then((c) => (c.ok ? c : { ...c, fix: `make ${dir} writable by this user, or set ${key}` })),
    );
  }
  const width = Math.max(...checks.map((c) => c.name.length));
  for (const c of checks) {
    write(`${c.ok ? (c.warn === true ? '!' : '✓') : '✗'} ${c.name.padEnd(width)}  ${clean(c.detail, token)}\n`);
    if ((!c.ok || c.warn === true) && c.fix) write(`  ${' '.repeat(width)}  fix: ${c.fix}\n`);
  }
  const failed = checks.filter((c) => !c.ok).length;
  write(failed === 0 ? 'all checks passed\n' : `${failed} check${failed === 1 ? '' : 's'} failed\n`);
  return failed === 0 ? 0 : 1;
}
