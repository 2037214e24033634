import type { IssuesApi } from '@safework/github-reporter';

/** What GitHub says of the repository: `private` and `internal` are not public. */
export type Visibility = 'public' | 'private' | 'internal';

/** Where issues go, once the repository's visibility is known. */
export interface FilingDecision {
  readonly visibility: Visibility;
  /** False: issues are written as drafts, nothing is filed. */
  readonly files: boolean;
  /** Why, in words for the log and `/health`. */
  readonly reason: string;
}

export interface PublicRepoGuardOptions {
  readonly repo: string;
  readonly github: IssuesApi;
  /** Where issues go instead while the repository is public and that is not allowed (made only then). */
  readonly drafts: () => IssuesApi;
  /** `ALLOW_PUBLIC_REPO=true`. */
  readonly allowPublic: boolean;
  readonly readVisibility: () => Promise<Visibility>;
  /** Called once, when the decision is made. */
  readonly onDecision: (decision: FilingDecision) => void;
}

/** A visibility that could not be read: the write waits, and the outbox retries it. */
export class VisibilityUnknownError extends Error {
  override readonly name = 'VisibilityUnknownError';
  /** Unavailable: the outbox treats it like any transient GitHub failure. */
  readonly status = 503;
}

/** The decision for a visibility. Pure. */
export function decideFiling(repo: string, visibility: Visibility, allowPublic: boolean): FilingDecision {
  if (visibility !== 'public') return { visibility, files: true, reason: `${repo} is ${visibility}: issues are filed there` };
  if (allowPublic) return { visibility, files: true, reason: `${repo} is public and ALLOW_PUBLIC_REPO=true: issues with log excerpts are filed publicly` };
  return {
    visibility,
    files: false,
    reason: `${repo} is public: issues would publish log excerpts, routes and tracebacks, so nothing is filed and drafts are written instead; set ALLOW_PUBLIC_REPO=true to file there anyway`,
  };
}

/**
 * The reporter's `IssuesApi` in front of GitHub: it reads the repository's visibility before
 * the first request and, on a public repository, sends everything to the drafts unless
 * that is allowed. Until the visibility is known nothing goes out: each request fails as
 * unavailable and the outbox keeps it.
 */
export class PublicRepoGuard implements IssuesApi {
  readonly #o: PublicRepoGuardOptions;
  #target: IssuesApi | undefined;
  #decision: FilingDecision | undefined;

  constructor(options: PublicRepoGuardOptions) {
    this.#o = options;
  }

  get decision(): FilingDecision | undefined {
    return this.#decision;
  }

  /** Reads the visibility if it is not known yet; the error says why it could not. */
  async decide(): Promise<FilingDecision> {
    if (this.#decision !== undefined) return this.#decision;
    let visibility: Visibility;
    try {
      visibility = await this.#o.readVisibility();
    } catch (error) {
      throw new VisibilityUnknownError(`cannot read whether ${this.#o.repo} is public (${error instanceof Error ? error.message : String(error)}): nothing is filed until it is known`);
    }
    const decision = decideFiling(this.#o.repo, visibility, this.#o.allowPublic);
    this.#decision = decision;
    this.#target = decision.files ? this.#o.github : this.#o.drafts();
    this.#o.onDecision(decision);
    return decision;
  }

  async #api(): Promise<IssuesApi> {
    if (this.#target === undefined) await this.decide();
    return this.#target as IssuesApi;
  }

  create: IssuesApi['create'] = async (p) => (await this.#api()).create(p);
  get: IssuesApi['get'] = async (p) => (await this.#api()).get(p);
  update: IssuesApi['update'] = async (p) => (await this.#api()).update(p);
  listForRepo: IssuesApi['listForRepo'] = async (p) => (await this.#api()).listForRepo(p);
  createComment: IssuesApi['createComment'] = async (p) => (await this.#api()).createComment(p);
  listComments: IssuesApi['listComments'] = async (p) => (await this.#api()).listComments(p);
  addLabels: IssuesApi['addLabels'] = async (p) => (await this.#api()).addLabels(p);
  removeLabel: IssuesApi['removeLabel'] = async (p) => (await this.#api()).removeLabel(p);
}
