import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import addFormats from 'ajv-formats';
import OpenAPIBackend, { type Context, type Request as OasRequest } from 'openapi-backend';
import { loadGitHubSubset } from './openapi-subset';
import { sampleFromSchema } from './schema-sample';

/** A request as the fake recorded it (the Authorization header is never kept). */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
  readonly status: number;
  readonly operationId?: string;
  readonly at: string;
}

/** A fault to inject: the next `count` matching requests get it. */
export interface Fault {
  /** HTTP status to answer with, or `hang` to never answer. */
  readonly kind: 500 | 502 | 503 | 401 | 404 | 422 | 429 | 'secondary' | 'hang' | 'delay';
  count?: number;
  readonly method?: string;
  readonly pathIncludes?: string;
  /** Seconds, for 429 and secondary limits. */
  readonly retryAfter?: number;
  /** Milliseconds, for `delay`: the request is then served normally. */
  readonly ms?: number;
}

export interface GitHubFakeOptions {
  /** Token → whether it has push access. Default: one push token, `fake-push-token`. */
  readonly tokens?: Readonly<Record<string, { login: string; push: boolean }>>;
  /** Repositories that exist, as `owner/name`. Default: `safework/safework`. */
  readonly repos?: readonly string[];
}

interface Label { id: number; name: string; color: string }
interface Issue {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'not_planned' | 'reopened' | null;
  labels: string[];
  comments: Array<{ id: number; body: string; created_at: string; updated_at: string; user: string }>;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  user: string;
}
interface Repo { owner: string; name: string; issues: Issue[]; labels: Map<string, Label> }

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * A local GitHub for tests: a real HTTP server that implements the issue endpoints the
 * reporter uses and checks every request and response against GitHub's published OpenAPI
 * description. A request the real GitHub would reject fails here too.
 */
export class GitHubFake {
  readonly requests: RecordedRequest[] = [];
  readonly faults: Fault[] = [];
  /** Responses that did not match GitHub's description (a bug in the fake). */
  readonly responseErrors: string[] = [];
  readonly #tokens: Readonly<Record<string, { login: string; push: boolean }>>;
  readonly #repos = new Map<string, Repo>();
  readonly #api: OpenAPIBackend;
  readonly #definition = loadGitHubSubset();
  #server: Server | undefined;
  #ids = 1000;
  #remaining = 5000;
  readonly #hanging = new Set<ServerResponse>();

  constructor(options: GitHubFakeOptions = {}) {
    this.#tokens = options.tokens ?? { 'fake-push-token': { login: 'safework-bot', push: true } };
    for (const full of options.repos ?? ['safework/safework']) this.#addRepo(full);
    this.#api = new OpenAPIBackend({
      definition: this.#definition as never,
      strict: false,
      validate: true,
      ajvOpts: { strict: false, allErrors: true, logger: false },
      customizeAjv: (ajv) => {
        addFormats(ajv as never);
        // GitHub's description uses a `timestamp` format (epoch seconds) Ajv does not know.
        ajv.addFormat('timestamp', /^\d+$/);
        return ajv;
      },
    });
    // handleRequest passes the caller's identity after the context; keep it on the context.
    type Handler = (c: Context) => Reply;
    const withUser = (fn: Handler) => (c: Context, h?: { user?: { login: string; push: boolean } }): Reply => {
      (c as unknown as { user?: unknown }).user = h?.user;
      return fn(c);
    };
    const handlers: Record<string, Handler> = {
      'users/get-authenticated': (c) => this.#getUser(c),
      'rate-limit/get': () => this.#rateLimit(),
      'repos/get': (c) => this.#getRepo(c),
      'issues/list-labels-for-repo': (c) => this.#withRepo(c, (repo) => ({ status: 200, body: [...repo.labels.values()].map((l) => this.#label(repo, l)) })),
      'issues/create': (c) => this.#createIssue(c),
      'issues/get': (c) => this.#withIssue(c, (repo, issue) => ({ status: 200, body: this.#issueJson(repo, issue) })),
      'issues/update': (c) => this.#updateIssue(c),
      'issues/list-for-repo': (c) => this.#listIssues(c),
      'issues/create-comment': (c) => this.#createComment(c),
      'issues/list-comments': (c) => this.#withIssue(c, (repo, issue) => ({ status: 200, body: issue.comments.map((cm) => this.#commentJson(repo, issue, cm)) })),
      'issues/add-labels': (c) => this.#addLabels(c),
      'issues/remove-label': (c) => this.#removeLabel(c),
    };
    this.#api.register(Object.fromEntries(Object.entries(handlers).map(([id, fn]) => [id, withUser(fn)])));
    this.#api.register({
      notImplemented: () => ({ status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } }),
      notFound: () => ({ status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } }),
      validationFail: (c) => ({
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: (c.validation.errors ?? []).map((e) => ({ resource: 'Request', code: 'invalid', field: e.instancePath, message: e.message })),
          documentation_url: 'https://docs.github.com/rest',
        },
      }),
    });
  }

  /** Base URL once listening. */
  get url(): string {
    const address = this.#server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(port = 0): Promise<string> {
    await this.#api.init();
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server?.listen(port, '127.0.0.1', resolve));
    return this.url;
  }

  async stop(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.#hanging.clear();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    this.#server?.closeAllConnections();
  }

  /** Issues of a repository, for assertions. */
  issues(full = 'safework/safework'): Array<Issue & { labels: string[] }> {
    return this.#repos.get(full)?.issues ?? [];
  }

  /** Closes an issue as a person would. */
  closeIssue(number: number, reason: 'completed' | 'not_planned', full = 'safework/safework'): void {
    const issue = this.issues(full).find((i) => i.number === number);
    if (!issue) throw new Error(`no issue #${number}`);
    const now = new Date().toISOString();
    Object.assign(issue, { state: 'closed', state_reason: reason, closed_at: now, updated_at: now });
  }

  #addRepo(full: string): void {
    const [owner = '', name = ''] = full.split('/');
    this.#repos.set(full, { owner, name, issues: [], labels: new Map() });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    if (url.pathname.startsWith('/_fake/')) return this.#control(req.method ?? 'GET', url.pathname, raw, res);
    const query = Object.fromEntries(url.searchParams.entries());
    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        return this.#send(res, req, url, query, raw, { status: 400, body: { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/rest' } });
      }
    }
    const fault = this.#takeFault(req.method ?? 'GET', url.pathname);
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms ?? 500));
    else if (fault) {
      if (fault.kind === 'hang') {
        this.#record(req, url, query, body, 0);
        this.#hanging.add(res);
        res.on('close', () => this.#hanging.delete(res));
        return;
      }
      return this.#send(res, req, url, query, body, faultReply(fault));
    }
    const auth = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const user = auth?.[1] === undefined ? undefined : this.#tokens[auth[1]];
    if (user === undefined) {
      return this.#send(res, req, url, query, body, { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } });
    }
    const request: OasRequest = { method: req.method ?? 'GET', path: url.pathname, query, headers: req.headers as Record<string, string>, ...(body === undefined ? {} : { body }) };
    let operationId: string | undefined;
    let reply = (await this.#api.handleRequest(request, { user })) as Reply;
    try {
      const operation = this.#api.matchOperation(request);
      operationId = operation?.operationId;
      if (operation && reply.status < 300) {
        const check = this.#api.validateResponse(reply.body, operation, reply.status);
        if (check.errors && check.errors.length > 0) {
          const problem = `${operationId} ${reply.status}: ${JSON.stringify(check.errors.slice(0, 3))}`;
          this.responseErrors.push(problem);
          reply = { status: 500, body: { message: `fake response failed GitHub's schema: ${problem}` } };
        }
      }
    } catch (error) {
      this.responseErrors.push(String(error));
    }
    return this.#send(res, req, url, query, body, reply, operationId);
  }

  #send(res: ServerResponse, req: IncomingMessage, url: URL, query: Record<string, string>, body: unknown, reply: Reply, operationId?: string): void {
    this.#record(req, url, query, body, reply.status, operationId);
    this.#remaining = Math.max(0, this.#remaining - 1);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(this.#remaining),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': String(5000 - this.#remaining),
      'x-ratelimit-resource': 'core',
      'x-github-media-type': 'github.v3; format=json',
      ...reply.headers,
    };
    res.writeHead(reply.status, headers);
    res.end(reply.status === 204 || reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  #record(req: IncomingMessage, url: URL, query: Record<string, string>, body: unknown, status: number, operationId?: string): void {
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      body,
      status,
      ...(operationId === undefined ? {} : { operationId }),
      at: new Date().toISOString(),
    });
  }

  #takeFault(method: string, path: string): Fault | undefined {
    const fault = this.faults.find((f) => (f.count ?? 1) > 0 && (f.method === undefined || f.method === method) && (f.pathIncludes === undefined || path.includes(f.pathIncludes)));
    if (fault) fault.count = (fault.count ?? 1) - 1;
    return fault;
  }

  #control(method: string, path: string, raw: string, res: ServerResponse): void {
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (method === 'GET' && path === '/_fake/requests') return json(200, this.requests);
    if (method === 'GET' && path === '/_fake/issues') return json(200, Object.fromEntries([...this.#repos].map(([k, r]) => [k, r.issues])));
    if (method === 'POST' && path === '/_fake/faults') {
      const list = JSON.parse(raw || '[]') as Fault | Fault[];
      this.faults.push(...(Array.isArray(list) ? list : [list]));
      return json(200, { faults: this.faults.length });
    }
    if (method === 'DELETE' && path === '/_fake/faults') {
      this.faults.splice(0);
      return json(200, { faults: 0 });
    }
    if (method === 'POST' && path.startsWith('/_fake/close/')) {
      const [, , , number, reason] = path.split('/');
      this.closeIssue(Number(number), reason === 'not_planned' ? 'not_planned' : 'completed');
      return json(200, { closed: Number(number) });
    }
    return json(404, { message: 'unknown control route' });
  }

  // ── GitHub behaviour ─────────────────────────────────────────────────────────────────
  #repo(c: Context): Repo | undefined {
    return this.#repos.get(`${String(c.request.params['owner'])}/${String(c.request.params['repo'])}`);
  }

  #withRepo(c: Context, fn: (repo: Repo) => Reply): Reply {
    const repo = this.#repo(c);
    return repo ? fn(repo) : { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
  }

  #withIssue(c: Context, fn: (repo: Repo, issue: Issue) => Reply): Reply {
    return this.#withRepo(c, (repo) => {
      const issue = repo.issues.find((i) => i.number === Number(c.request.params['issue_number']));
      return issue ? fn(repo, issue) : { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
    });
  }

  #currentUser(c: Context): { login: string; push: boolean } {
    // The handler context carries the user handed to handleRequest.
    return ((c as unknown as { user?: { login: string; push: boolean } }).user ?? { login: 'ghost', push: false });
  }

  #ensureLabel(repo: Repo, name: string): Label {
    let label = repo.labels.get(name);
    if (!label) {
      label = { id: ++this.#ids, name, color: 'ededed' };
      repo.labels.set(name, label);
    }
    return label;
  }

  #createIssue(c: Context): Reply {
    return this.#withRepo(c, (repo) => {
      const input = c.request.requestBody as { title: string | number; body?: string; labels?: Array<string | { name?: string }> };
      const user = this.#currentUser(c);
      const now = new Date().toISOString();
      // GitHub creates unknown labels, and silently drops labels for a token without push access.
      const labels = user.push ? (input.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name ?? '')).filter(Boolean) : [];
      for (const name of labels) this.#ensureLabel(repo, name);
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
      return { status: 201, body: this.#issueJson(repo, issue), headers: { location: `${this.url}/repos/${repo.owner}/${repo.name}/issues/${issue.number}` } };
    });
  }

  #updateIssue(c: Context): Reply {
    return this.#withIssue(c, (repo, issue) => {
      const input = c.request.requestBody as { title?: string; body?: string; state?: 'open' | 'closed'; state_reason?: Issue['state_reason']; labels?: Array<string | { name?: string }> };
      const now = new Date().toISOString();
      if (input.title !== undefined) issue.title = String(input.title);
      if (input.body !== undefined) issue.body = input.body;
      if (input.state === 'closed') Object.assign(issue, { state: 'closed', state_reason: input.state_reason ?? 'completed', closed_at: now });
      if (input.state === 'open') Object.assign(issue, { state: 'open', state_reason: 'reopened', closed_at: null });
      if (input.labels && this.#currentUser(c).push) {
        issue.labels = input.labels.map((l) => (typeof l === 'string' ? l : l.name ?? '')).filter(Boolean);
        for (const name of issue.labels) this.#ensureLabel(repo, name);
      }
      issue.updated_at = now;
      return { status: 200, body: this.#issueJson(repo, issue) };
    });
  }

  #listIssues(c: Context): Reply {
    return this.#withRepo(c, (repo) => {
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
        const u = new URL(`${this.url}/repos/${repo.owner}/${repo.name}/issues`);
        for (const [k, v] of Object.entries(q)) if (v !== undefined) u.searchParams.set(k, v);
        u.searchParams.set('page', String(p));
        u.searchParams.set('per_page', String(perPage));
        return u.toString();
      };
      const rels: string[] = [];
      if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
      if (page > 1) rels.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`);
      return { status: 200, body: slice.map((i) => this.#issueJson(repo, i)), ...(rels.length > 0 ? { headers: { link: rels.join(', ') } } : {}) };
    });
  }

  #createComment(c: Context): Reply {
    return this.#withIssue(c, (repo, issue) => {
      const input = c.request.requestBody as { body: string };
      const now = new Date().toISOString();
      const comment = { id: ++this.#ids, body: input.body, created_at: now, updated_at: now, user: this.#currentUser(c).login };
      issue.comments.push(comment);
      issue.updated_at = now;
      return { status: 201, body: this.#commentJson(repo, issue, comment) };
    });
  }

  #addLabels(c: Context): Reply {
    return this.#withIssue(c, (repo, issue) => {
      const input = c.request.requestBody as { labels?: Array<string | { name: string }> } | string[];
      const names = (Array.isArray(input) ? input : input.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name));
      if (this.#currentUser(c).push) {
        for (const name of names) {
          this.#ensureLabel(repo, name);
          if (!issue.labels.includes(name)) issue.labels.push(name);
        }
        issue.updated_at = new Date().toISOString();
      }
      return { status: 200, body: issue.labels.map((n) => this.#label(repo, this.#ensureLabel(repo, n))) };
    });
  }

  #removeLabel(c: Context): Reply {
    return this.#withIssue(c, (repo, issue) => {
      const name = decodeURIComponent(String(c.request.params['name']));
      if (!issue.labels.includes(name)) return { status: 404, body: { message: 'Label does not exist', documentation_url: 'https://docs.github.com/rest' } };
      issue.labels = issue.labels.filter((l) => l !== name);
      issue.updated_at = new Date().toISOString();
      return { status: 200, body: issue.labels.map((n) => this.#label(repo, this.#ensureLabel(repo, n))) };
    });
  }

  #getUser(c: Context): Reply {
    const schema = (this.#definition.paths['/user']?.['get'] as { responses: Record<string, { content: Record<string, { schema: unknown }> }> }).responses['200']?.content['application/json']?.schema;
    const login = this.#currentUser(c).login;
    return { status: 200, body: { ...(sampleFromSchema(schema as never) as object), ...this.#simpleUser(login), type: 'User', site_admin: false }, headers: { 'x-oauth-scopes': 'repo' } };
  }

  #getRepo(c: Context): Reply {
    return this.#withRepo(c, (repo) => {
      const schema = (this.#definition.paths['/repos/{owner}/{repo}']?.['get'] as { responses: Record<string, { content: Record<string, { schema: unknown }> }> }).responses['200']?.content['application/json']?.schema;
      const push = this.#currentUser(c).push;
      const base = sampleFromSchema(schema as never) as Record<string, unknown>;
      return {
        status: 200,
        body: {
          ...base,
          id: 1,
          name: repo.name,
          full_name: `${repo.owner}/${repo.name}`,
          owner: this.#simpleUser(repo.owner),
          private: true,
          has_issues: true,
          permissions: { admin: false, maintain: false, push, triage: push, pull: true },
        },
      };
    });
  }

  #rateLimit(): Reply {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const core = { limit: 5000, remaining: this.#remaining, reset, used: 5000 - this.#remaining };
    return { status: 200, body: { resources: { core, search: { limit: 30, remaining: 30, reset, used: 0 } }, rate: core } };
  }

  #simpleUser(login: string): Record<string, unknown> {
    const base = `${this.url}/users/${login}`;
    return {
      login,
      id: 1,
      node_id: 'MDQ6VXNlcjE=',
      avatar_url: 'https://avatars.githubusercontent.com/u/1',
      gravatar_id: '',
      url: base,
      html_url: `https://github.com/${login}`,
      followers_url: `${base}/followers`,
      following_url: `${base}/following{/other_user}`,
      gists_url: `${base}/gists{/gist_id}`,
      starred_url: `${base}/starred{/owner}{/repo}`,
      subscriptions_url: `${base}/subscriptions`,
      organizations_url: `${base}/orgs`,
      repos_url: `${base}/repos`,
      events_url: `${base}/events{/privacy}`,
      received_events_url: `${base}/received_events`,
      type: 'User',
      site_admin: false,
    };
  }

  #label(repo: Repo, label: Label): Record<string, unknown> {
    return {
      id: label.id,
      node_id: `LA_${label.id}`,
      url: `${this.url}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      description: null,
      color: label.color,
      default: false,
    };
  }

  #issueJson(repo: Repo, issue: Issue): Record<string, unknown> {
    const api = `${this.url}/repos/${repo.owner}/${repo.name}`;
    return {
      id: issue.id,
      node_id: `I_${issue.id}`,
      url: `${api}/issues/${issue.number}`,
      repository_url: api,
      labels_url: `${api}/issues/${issue.number}/labels{/name}`,
      comments_url: `${api}/issues/${issue.number}/comments`,
      events_url: `${api}/issues/${issue.number}/events`,
      html_url: `https://github.com/${repo.owner}/${repo.name}/issues/${issue.number}`,
      number: issue.number,
      state: issue.state,
      state_reason: issue.state_reason,
      title: issue.title,
      body: issue.body,
      user: this.#simpleUser(issue.user),
      labels: issue.labels.map((n) => this.#label(repo, this.#ensureLabel(repo, n))),
      assignee: null,
      assignees: [],
      milestone: null,
      locked: false,
      active_lock_reason: null,
      comments: issue.comments.length,
      closed_at: issue.closed_at,
      created_at: issue.created_at,
      updated_at: issue.updated_at,
      author_association: 'OWNER',
    };
  }

  #commentJson(repo: Repo, issue: Issue, comment: Issue['comments'][number]): Record<string, unknown> {
    const api = `${this.url}/repos/${repo.owner}/${repo.name}`;
    return {
      id: comment.id,
      node_id: `IC_${comment.id}`,
      url: `${api}/issues/comments/${comment.id}`,
      html_url: `https://github.com/${repo.owner}/${repo.name}/issues/${issue.number}#issuecomment-${comment.id}`,
      body: comment.body,
      user: this.#simpleUser(comment.user),
      created_at: comment.created_at,
      updated_at: comment.updated_at,
      issue_url: `${api}/issues/${issue.number}`,
      author_association: 'OWNER',
    };
  }
}

function faultReply(fault: Fault): Reply {
  const docs = 'https://docs.github.com/rest';
  switch (fault.kind) {
    case 429:
      // A primary limit that resets in `retryAfter` seconds: clients wait for x-ratelimit-reset.
      return {
        status: 429,
        body: { message: 'API rate limit exceeded', documentation_url: docs },
        headers: { 'retry-after': String(fault.retryAfter ?? 1), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + (fault.retryAfter ?? 1)) },
      };
    case 'secondary':
      return {
        status: 403,
        body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: `${docs}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits` },
        headers: { 'retry-after': String(fault.retryAfter ?? 1) },
      };
    case 401:
      return { status: 401, body: { message: 'Bad credentials', documentation_url: docs } };
    case 404:
      return { status: 404, body: { message: 'Not Found', documentation_url: docs } };
    case 422:
      return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'custom', message: 'injected' }], documentation_url: docs } };
    case 'hang':
    case 'delay':
      return { status: 504 };
    default:
      return { status: fault.kind, body: { message: 'Server Error' } };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
