import type { Context } from 'openapi-backend';
import type { FakeUser, Issue, Label, Repo, Reply } from './fake-types';
import { commentJson, issueJson, labelJson, simpleUser } from './github-json';
import type { loadGitHubSubset } from './openapi-subset';
import { sampleFromSchema } from './schema-sample';

/**
 * What the fake GitHub holds (repositories, issues, comments, labels) and how GitHub behaves on
 * the issue endpoints: one handler per operation, each returning GitHub's answer.
 */
export class FakeRepos {
  readonly repos = new Map<string, Repo>();
  readonly #url: () => string;
  readonly #definition: ReturnType<typeof loadGitHubSubset>;
  #ids = 1000;

  constructor(options: { url: () => string; definition: ReturnType<typeof loadGitHubSubset>; repos: readonly string[]; publicRepos: readonly string[] }) {
    this.#url = options.url;
    this.#definition = options.definition;
    for (const full of [...options.repos, ...options.publicRepos]) {
      const [owner = '', name = ''] = full.split('/');
      this.repos.set(full, { owner, name, issues: [], labels: new Map(), public: options.publicRepos.includes(full) });
    }
  }

  /** GitHub's JSON of a repository's labels. */
  labelsOf(repo: Repo): Array<Record<string, unknown>> {
    return [...repo.labels.values()].map((l) => labelJson(this.#url(), repo, l));
  }

  /** GitHub's JSON of an issue. */
  issueOf(repo: Repo, issue: Issue): Record<string, unknown> {
    return issueJson(this.#url(), repo, issue, (name) => this.ensureLabel(repo, name));
  }

  /** GitHub's JSON of an issue's comments. */
  commentsOf(repo: Repo, issue: Issue): Array<Record<string, unknown>> {
    return issue.comments.map((cm) => commentJson(this.#url(), repo, issue, cm));
  }

  repo(c: Context): Repo | undefined {
    return this.repos.get(`${String(c.request.params['owner'])}/${String(c.request.params['repo'])}`);
  }

  withRepo(c: Context, fn: (repo: Repo) => Reply): Reply {
    const repo = this.repo(c);
    return repo ? fn(repo) : { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
  }

  withIssue(c: Context, fn: (repo: Repo, issue: Issue) => Reply): Reply {
    return this.withRepo(c, (repo) => {
      const issue = repo.issues.find((i) => i.number === Number(c.request.params['issue_number']));
      return issue ? fn(repo, issue) : { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
    });
  }

  currentUser(c: Context): FakeUser {
    // The handler context carries the user handed to handleRequest.
    return ((c as unknown as { user?: FakeUser }).user ?? { login: 'ghost', push: false });
  }

  ensureLabel(repo: Repo, name: string): Label {
    let label = repo.labels.get(name);
    if (!label) {
      label = { id: ++this.#ids, name, color: 'ededed' };
      repo.labels.set(name, label);
    }
    return label;
  }

  createIssue(c: Context): Reply {
    return this.withRepo(c, (repo) => {
      const input = c.request.requestBody as { title: string | number; body?: string; labels?: Array<string | { name?: string }> };
      const user = this.currentUser(c);
      const now = new Date().toISOString();
      // GitHub creates unknown labels, and silently drops labels for a token without push access.
      const labels = user.push ? (input.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name ?? '')).filter(Boolean) : [];
      for (const name of labels) this.ensureLabel(repo, name);
      const issue: Issue = {
        number: repo.issues.length + 1,
        id: ++this.#ids,
        title: String(input.title),
        body: input.body ?? null,
        state: 'open',
        state_reason: null,
        labels,
        comments: [],
        created_at: now,
        updated_at: now,
        closed_at: null,
        user: user.login,
      };
      repo.issues.push(issue);
      return { status: 201, body: this.issueOf(repo, issue), headers: { location: `${this.#url()}/repos/${repo.owner}/${repo.name}/issues/${issue.number}` } };
    });
  }

  updateIssue(c: Context): Reply {
    return this.withIssue(c, (repo, issue) => {
      const input = c.request.requestBody as { title?: string; body?: string; state?: 'open' | 'closed'; state_reason?: Issue['state_reason']; labels?: Array<string | { name?: string }> };
      const now = new Date().toISOString();
      if (input.title !== undefined) issue.title = String(input.title);
      if (input.body !== undefined) issue.body = input.body;
      if (input.state === 'closed') Object.assign(issue, { state: 'closed', state_reason: input.state_reason ?? 'completed', closed_at: now });
      if (input.state === 'open') Object.assign(issue, { state: 'open', state_reason: 'reopened', closed_at: null });
      if (input.labels && this.currentUser(c).push) {
        issue.labels = input.labels.map((l) => (typeof l === 'string' ? l : l.name ?? '')).filter(Boolean);
        for (const name of issue.labels) this.ensureLabel(repo, name);
      }
      issue.updated_at = now;
      return { status: 200, body: this.issueOf(repo, issue) };
    });
  }

  listIssues(c: Context): Reply {
    return this.withRepo(c, (repo) => {
      const q = c.request.query as Record<string, string | undefined>;
      const state = q['state'] ?? 'open';
      const labels = q['labels']?.split(',').map((l) => l.trim()).filter(Boolean) ?? [];
      const since = q['since'];
      const perPage = Math.min(100, Number(q['per_page'] ?? 30));
      const page = Math.max(1, Number(q['page'] ?? 1));
      let list = repo.issues.filter((i) => (state === 'all' || i.state === state) && labels.every((l) => i.labels.includes(l)) && (since === undefined || i.updated_at >= since));
      const sort = q['sort'] ?? 'created';
      list = [...list].sort((a, b) => (sort === 'updated' ? a.updated_at.localeCompare(b.updated_at) : a.number - b.number));
      if ((q['direction'] ?? 'desc') === 'desc') list.reverse();
      const last = Math.max(1, Math.ceil(list.length / perPage));
      const slice = list.slice((page - 1) * perPage, page * perPage);
      const link = (p: number): string => {
        const u = new URL(`${this.#url()}/repos/${repo.owner}/${repo.name}/issues`);
        for (const [k, v] of Object.entries(q)) if (v !== undefined) u.searchParams.set(k, v);
        u.searchParams.set('page', String(p));
        u.searchParams.set('per_page', String(perPage));
        return u.toString();
      };
      const rels: string[] = [];
      if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
      if (page > 1) rels.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`);
      return { status: 200, body: slice.map((i) => this.issueOf(repo, i)), ...(rels.length > 0 ? { headers: { link: rels.join(', ') } } : {}) };
    });
  }

  createComment(c: Context): Reply {
    return this.withIssue(c, (repo, issue) => {
      const input = c.request.requestBody as { body: string };
      const now = new Date().toISOString();
      const comment = { id: ++this.#ids, body: input.body, created_at: now, updated_at: now, user: this.currentUser(c).login };
      issue.comments.push(comment);
      issue.updated_at = now;
      return { status: 201, body: commentJson(this.#url(), repo, issue, comment) };
    });
  }

  addLabels(c: Context): Reply {
    return this.withIssue(c, (repo, issue) => {
      const input = c.request.requestBody as { labels?: Array<string | { name: string }> } | string[];
      const names = (Array.isArray(input) ? input : input.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name));
      if (this.currentUser(c).push) {
        for (const name of names) {
          this.ensureLabel(repo, name);
          if (!issue.labels.includes(name)) issue.labels.push(name);
        }
        issue.updated_at = new Date().toISOString();
      }
      return { status: 200, body: issue.labels.map((n) => labelJson(this.#url(), repo, this.ensureLabel(repo, n))) };
    });
  }

  removeLabel(c: Context): Reply {
    return this.withIssue(c, (repo, issue) => {
      const name = decodeURIComponent(String(c.request.params['name']));
      if (!issue.labels.includes(name)) return { status: 404, body: { message: 'Label does not exist', documentation_url: 'https://docs.github.com/rest' } };
      issue.labels = issue.labels.filter((l) => l !== name);
      issue.updated_at = new Date().toISOString();
      return { status: 200, body: issue.labels.map((n) => labelJson(this.#url(), repo, this.ensureLabel(repo, n))) };
    });
  }

  getUser(c: Context): Reply {
    const schema = (this.#definition.paths['/user']?.['get'] as { responses: Record<string, { content: Record<string, { schema: unknown }> }> }).responses['200']?.content['application/json']?.schema;
    const user = this.currentUser(c);
    const scopes = user.scopes === undefined ? 'repo' : user.scopes;
    return { status: 200, body: { ...(sampleFromSchema(schema as never) as object), ...simpleUser(this.#url(), user.login), type: 'User', site_admin: false }, headers: scopes === null ? {} : { 'x-oauth-scopes': scopes } };
  }

  getRepo(c: Context): Reply {
    return this.withRepo(c, (repo) => {
      const schema = (this.#definition.paths['/repos/{owner}/{repo}']?.['get'] as { responses: Record<string, { content: Record<string, { schema: unknown }> }> }).responses['200']?.content['application/json']?.schema;
      const push = this.currentUser(c).push;
      const base = sampleFromSchema(schema as never) as Record<string, unknown>;
      return {
        status: 200,
        body: {
          ...base,
          id: 1,
          name: repo.name,
          full_name: `${repo.owner}/${repo.name}`,
          owner: simpleUser(this.#url(), repo.owner),
          private: !repo.public,
          visibility: repo.public ? 'public' : 'private',
          has_issues: true,
          permissions: { admin: false, maintain: false, push, triage: push, pull: true },
        },
      };
    });
  }
}
