import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import addFormats from 'ajv-formats';
import OpenAPIBackend, { type Context, type Request as OasRequest } from 'openapi-backend';
import { FakeRepos } from './fake-repos';
import type { FakeUser, Fault, GitHubFakeOptions, Issue, RecordedRequest, Reply } from './fake-types';
import { faultReply, readBody } from './fault-reply';
import { loadGitHubSubset } from './openapi-subset';

export type { Fault, GitHubFakeOptions, RecordedRequest } from './fake-types';

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
  readonly #tokens: Readonly<Record<string, FakeUser>>;
  readonly #api: OpenAPIBackend;
  readonly #definition = loadGitHubSubset();
  readonly #data: FakeRepos;
  #server: Server | undefined;
  #remaining = 5000;
  readonly #hanging = new Set<ServerResponse>();

  constructor(options: GitHubFakeOptions = {}) {
    const tokens = options.tokens ?? { 'fake-push-token': { login: 'safework-bot', push: true } };
    // Fine-grained tokens have no OAuth scopes; classic ones have `repo` unless told otherwise.
    this.#tokens = Object.fromEntries(Object.entries(tokens).map(([t, u]) => [t, { ...u, scopes: u.scopes !== undefined ? u.scopes : t.startsWith('github_pat_') ? null : 'repo' }]));
    this.#data = new FakeRepos({ url: () => this.url, definition: this.#definition, repos: options.repos ?? ['safework/safework'], publicRepos: options.publicRepos ?? [] });
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
    const withUser = (fn: Handler) => (c: Context, h?: { user?: FakeUser }): Reply => {
      (c as unknown as { user?: unknown }).user = h?.user;
      return fn(c);
    };
    const d = this.#data;
    const handlers: Record<string, Handler> = {
      'users/get-authenticated': (c) => d.getUser(c),
      'rate-limit/get': () => this.#rateLimit(),
      'repos/get': (c) => d.getRepo(c),
      'issues/list-labels-for-repo': (c) => d.withRepo(c, (repo) => ({ status: 200, body: d.labelsOf(repo) })),
      'issues/create': (c) => d.createIssue(c),
      'issues/get': (c) => d.withIssue(c, (repo, issue) => ({ status: 200, body: d.issueOf(repo, issue) })),
      'issues/update': (c) => d.updateIssue(c),
      'issues/list-for-repo': (c) => d.listIssues(c),
      'issues/create-comment': (c) => d.createComment(c),
      'issues/list-comments': (c) => d.withIssue(c, (repo, issue) => ({ status: 200, body: d.commentsOf(repo, issue) })),
      'issues/add-labels': (c) => d.addLabels(c),
      'issues/remove-label': (c) => d.removeLabel(c),
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
    return this.#data.repos.get(full)?.issues ?? [];
  }

  /** Closes an issue as a person would. */
  closeIssue(number: number, reason: 'completed' | 'not_planned', full = 'safework/safework'): void {
    const issue = this.issues(full).find((i) => i.number === number);
    if (!issue) throw new Error(`no issue #${number}`);
    const now = new Date().toISOString();
    Object.assign(issue, { state: 'closed', state_reason: reason, closed_at: now, updated_at: now });
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
    if (method === 'GET' && path === '/_fake/issues') return json(200, Object.fromEntries([...this.#data.repos].map(([k, r]) => [k, r.issues])));
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

  #rateLimit(): Reply {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const core = { limit: 5000, remaining: this.#remaining, reset, used: 5000 - this.#remaining };
    return { status: 200, body: { resources: { core, search: { limit: 30, remaining: 30, reset, used: 0 } }, rate: core } };
  }
}
