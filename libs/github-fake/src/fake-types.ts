/* The fake's records: what it was asked, what it holds, and what it answers. */

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

/** Who a token authenticates as. */
export interface FakeUser {
  readonly login: string;
  readonly push: boolean;
  /**
   * What GitHub sends as `X-OAuth-Scopes` for it: classic tokens have scopes (default `repo`),
   * fine-grained ones (`github_pat_…`, default) send no such header: null.
   */
  readonly scopes?: string | null;
}

export interface GitHubFakeOptions {
  /** Token → whether it has push access. Default: one push token, `fake-push-token`. */
  readonly tokens?: Readonly<Record<string, FakeUser>>;
  /** Repositories that exist, as `owner/name`. Default: `safework/safework`. They are private. */
  readonly repos?: readonly string[];
  /** Repositories that exist and are public, as `owner/name`. */
  readonly publicRepos?: readonly string[];
}

/** A label of a repository. */
export interface Label {
  id: number;
  name: string;
  color: string;
}
export interface Issue {
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
export interface Repo { owner: string; name: string; issues: Issue[]; labels: Map<string, Label>; public: boolean }

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
