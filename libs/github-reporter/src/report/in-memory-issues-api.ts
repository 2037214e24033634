import type { GitHubIssue, IssuesApi } from './ports';

/** One issue as the in-memory API keeps it. */
export interface InMemoryIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'not_planned' | 'reopened' | null;
  labels: string[];
  comments: string[];
  createdAt: number;
  updatedAt: number;
  /** When it was last closed (ms), as GitHub's `closed_at`. */
  closedAt?: number | undefined;
}

/** A failure the next matching call meets, shaped like octokit's `RequestError`. */
export interface InjectedFailure {
  /** Which method fails; any when unset. */
  readonly method?: keyof IssuesApi;
  /** HTTP status; none for a timeout or a reset connection. */
  readonly status?: number;
  /** `retry-after` seconds, as GitHub sends with 429 and secondary limits. */
  readonly retryAfter?: number;
  /** The request took effect before it failed (a timeout after GitHub acted). */
  readonly landed?: boolean;
}

type Repo = { owner: string; repo: string };

/**
 * `IssuesApi` in memory, for unit tests of the reporter: issues, comments and labels as
 * GitHub keeps them, `listForRepo` with its filters and pages, and failures injected one call
 * at a time. The contract-checked fake (`libs/github-fake`) stays the integration tests' GitHub.
 */
export class InMemoryIssuesApi implements IssuesApi {
  readonly issues: InMemoryIssue[] = [];
  /** Every call, in order, by method name. */
  readonly calls: Array<keyof IssuesApi> = [];
  readonly #failures: InjectedFailure[] = [];
  readonly #now: () => number;
  #tick = 0;

  /** `now` orders `since` filters; by default every call is a millisecond later. */
  constructor(options: { owner?: string; repo?: string; now?: () => number } = {}) {
    this.#now = options.now ?? (() => Date.UTC(2024, 0, 1) + this.#tick++);
  }

  /** The next call (of `method`, when given) fails this way. */
  fail(...failures: InjectedFailure[]): this {
    this.#failures.push(...failures);
    return this;
  }

  async create(params: Repo & { title: string; body?: string; labels?: string[] }): Promise<{ data: GitHubIssue }> {
    return this.#call('create', () => {
      const now = this.#now();
      const issue: InMemoryIssue = { number: this.issues.length + 1, title: params.title, body: params.body ?? '', state: 'open', state_reason: null, labels: [...(params.labels ?? [])], comments: [], createdAt: now, updatedAt: now };
      this.issues.push(issue);
      return { data: view(issue) };
    });
  }

  async get(params: Repo & { issue_number: number }): Promise<{ data: GitHubIssue }> {
    return this.#call('get', () => ({ data: view(this.#issue(params.issue_number)) }));
  }

  async update(params: Repo & { issue_number: number; body?: string; state?: 'open' | 'closed'; state_reason?: 'completed' | 'not_planned' | 'reopened' | null }): Promise<{ data: GitHubIssue }> {
    return this.#call('update', () => {
      const issue = this.#issue(params.issue_number);
      if (params.body !== undefined) issue.body = params.body;
      if (params.state === 'closed' && issue.state !== 'closed') issue.closedAt = this.#now();
      if (params.state !== undefined) issue.state = params.state;
      if (params.state_reason !== undefined) issue.state_reason = params.state_reason;
      issue.updatedAt = this.#now();
      return { data: view(issue) };
    });
  }

  async listForRepo(params: Repo & { labels?: string; state?: 'open' | 'closed' | 'all'; since?: string; per_page?: number; page?: number; direction?: 'asc' | 'desc' }): Promise<{ data: GitHubIssue[] }> {
    return this.#call('listForRepo', () => {
      const wanted = params.labels?.split(',').filter(Boolean) ?? [];
      const since = params.since === undefined ? -Infinity : Date.parse(params.since);
      const state = params.state ?? 'open';
      let found = this.issues.filter((i) => (state === 'all' || i.state === state) && wanted.every((l) => i.labels.includes(l)) && i.updatedAt >= since);
      if (params.direction !== 'asc') found = found.reverse();
      const perPage = params.per_page ?? 30;
      const page = params.page ?? 1;
      return { data: found.slice((page - 1) * perPage, page * perPage).map(view) };
    });
  }

  async createComment(params: Repo & { issue_number: number; body: string }): Promise<{ data: { id: number } }> {
    return this.#call('createComment', () => {
      const issue = this.#issue(params.issue_number);
      issue.comments.push(params.body);
      issue.updatedAt = this.#now();
      return { data: { id: issue.number * 1000 + issue.comments.length } };
    });
  }

  async listComments(params: Repo & { issue_number: number; per_page?: number; page?: number }): Promise<{ data: Array<{ id: number; body: string }> }> {
    return this.#call('listComments', () => {
      const issue = this.#issue(params.issue_number);
      const perPage = params.per_page ?? 30;
      const page = params.page ?? 1;
      const all = issue.comments.map((body, i) => ({ id: issue.number * 1000 + i + 1, body }));
      return { data: all.slice((page - 1) * perPage, page * perPage) };
    });
  }

  async addLabels(params: Repo & { issue_number: number; labels: string[] }): Promise<unknown> {
    return this.#call('addLabels', () => {
      const issue = this.#issue(params.issue_number);
      for (const label of params.labels) if (!issue.labels.includes(label)) issue.labels.push(label);
      return { data: issue.labels.map((name) => ({ name })) };
    });
  }

  async removeLabel(params: Repo & { issue_number: number; name: string }): Promise<unknown> {
    return this.#call('removeLabel', () => {
      const issue = this.#issue(params.issue_number);
      const at = issue.labels.indexOf(params.name);
      if (at === -1) throw requestError(404, 'Label does not exist');
      issue.labels.splice(at, 1);
      return { data: issue.labels.map((name) => ({ name })) };
    });
  }

  #issue(number: number): InMemoryIssue {
    const issue = this.issues[number - 1];
    if (issue === undefined) throw requestError(404, 'Not Found');
    return issue;
  }

  async #call<T>(method: keyof IssuesApi, act: () => T): Promise<T> {
    this.calls.push(method);
    await Promise.resolve();
    const at = this.#failures.findIndex((f) => f.method === undefined || f.method === method);
    const failure = at === -1 ? undefined : this.#failures.splice(at, 1)[0];
    if (failure === undefined) return act();
    if (failure.landed === true) act();
    throw failure.status === undefined ? new Error('request timed out') : requestError(failure.status, `injected ${failure.status}`, failure.retryAfter);
  }
}

function view(issue: InMemoryIssue): GitHubIssue {
  return {
    number: issue.number,
    state: issue.state,
    state_reason: issue.state_reason,
    body: issue.body,
    html_url: `https://github.com/safework/safework/issues/${issue.number}`,
    closed_at: issue.state === 'closed' && issue.closedAt !== undefined ? new Date(issue.closedAt).toISOString() : null,
    labels: issue.labels.map((name) => ({ name })),
  };
}

function requestError(status: number, message: string, retryAfter?: number): Error & { status: number; response: { headers: Record<string, string> } } {
  return Object.assign(new Error(message), { status, response: { headers: retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) } } });
}
