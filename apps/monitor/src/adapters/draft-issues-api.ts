import { existsSync, mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitHubIssue, IssuesApi } from '@safework/github-reporter';

interface Draft extends GitHubIssue {
  title: string;
  labels: string[];
  file: string;
  /** Comment bodies, as appended to the draft's file (absent in drafts written before). */
  comments?: string[];
}

/**
 * Dry run: the reporter's `IssuesApi` on the file system. Without `GITHUB_TOKEN`, issues are
 * written as Markdown drafts to `logs/issue-drafts/` (comments appended), so everything works
 * and can be read, but nothing leaves the machine.
 */
export class DraftIssuesApi implements IssuesApi {
  readonly #dir: string;
  readonly #index: string;
  #drafts: Draft[] | undefined;

  constructor(dir: string) {
    this.#dir = dir;
    this.#index = join(dir, 'index.json');
    mkdirSync(dir, { recursive: true, mode: 0o750 });
  }

  /** Read once: this process is the drafts' only writer, and a flood of new problems re-read a growing index per draft. */
  #load(): Draft[] {
    this.#drafts ??= existsSync(this.#index) ? (JSON.parse(readFileSync(this.#index, 'utf8')) as Draft[]) : [];
    return this.#drafts;
  }

  #save(drafts: Draft[]): void {
    writeFileSync(this.#index, JSON.stringify(drafts, null, 1), { mode: 0o640 });
  }

  #find(number: number): Draft {
    const draft = this.#load().find((d) => d.number === number);
    if (!draft) throw Object.assign(new Error(`no draft #${number}`), { status: 404 });
    return draft;
  }

  #update(number: number, fn: (d: Draft) => void): Draft {
    const drafts = this.#load();
    const draft = drafts.find((d) => d.number === number);
    if (!draft) throw Object.assign(new Error(`no draft #${number}`), { status: 404 });
    fn(draft);
    this.#save(drafts);
    return draft;
  }

  create(params: { title: string; body?: string; labels?: string[] }): Promise<{ data: GitHubIssue }> {
    const drafts = this.#load();
    const number = drafts.length + 1;
    const file = join(this.#dir, `${String(number).padStart(4, '0')}.md`);
    writeFileSync(file, `# ${params.title}\n\nLabels: ${(params.labels ?? []).join(', ')}\n\n${params.body ?? ''}\n`, { mode: 0o640 });
    const draft: Draft = { number, title: params.title, state: 'open', state_reason: null, body: params.body ?? '', html_url: file, labels: params.labels ?? [], file };
    drafts.push(draft);
    this.#save(drafts);
    return Promise.resolve({ data: copy(draft) });
  }

  get(params: { issue_number: number }): Promise<{ data: GitHubIssue }> {
    return Promise.resolve({ data: copy(this.#find(params.issue_number)) });
  }

  update(params: { issue_number: number; body?: string; state?: 'open' | 'closed'; state_reason?: 'completed' | 'not_planned' | 'reopened' | null }): Promise<{ data: GitHubIssue }> {
    return Promise.resolve({
      data: copy(this.#update(params.issue_number, (d) => {
        if (params.body !== undefined) {
          d.body = params.body;
          writeFileSync(d.file, `# ${d.title}\n\nLabels: ${d.labels.join(', ')}\n\n${params.body}\n`, { mode: 0o640 });
        }
        if (params.state) d.state = params.state;
        if (params.state_reason !== undefined) d.state_reason = params.state_reason;
      })),
    });
  }

  listForRepo(params: { labels?: string; page?: number; per_page?: number }): Promise<{ data: GitHubIssue[] }> {
    const perPage = params.per_page ?? 30;
    const page = params.page ?? 1;
    const labels = params.labels?.split(',').filter(Boolean) ?? [];
    const all = this.#load().filter((d) => labels.every((l) => d.labels.includes(l)));
    return Promise.resolve({ data: all.slice((page - 1) * perPage, page * perPage).map(copy) });
  }

  createComment(params: { issue_number: number; body: string }): Promise<{ data: { id: number } }> {
    const draft = this.#update(params.issue_number, (d) => (d.comments = [...(d.comments ?? []), params.body]));
    appendFileSync(draft.file, `\n---\n\n${params.body}\n`);
    return Promise.resolve({ data: { id: draft.number * 100_000 + (draft.comments?.length ?? 0) } });
  }

  listComments(params: { issue_number: number; page?: number; per_page?: number }): Promise<{ data: Array<{ id: number; body: string }> }> {
    const draft = this.#find(params.issue_number);
    const perPage = params.per_page ?? 30;
    const page = params.page ?? 1;
    const all = (draft.comments ?? []).map((body, i) => ({ id: draft.number * 100_000 + i + 1, body }));
    return Promise.resolve({ data: all.slice((page - 1) * perPage, page * perPage) });
  }

  addLabels(params: { issue_number: number; labels: string[] }): Promise<unknown> {
    return Promise.resolve(this.#update(params.issue_number, (d) => (d.labels = [...new Set([...d.labels, ...params.labels])])));
  }

  removeLabel(params: { issue_number: number; name: string }): Promise<unknown> {
    return Promise.resolve(this.#update(params.issue_number, (d) => (d.labels = d.labels.filter((l) => l !== params.name))));
  }
}

/** What a caller gets is its own: the drafts are kept in memory. */
function copy(draft: Draft): Draft {
  return { ...draft, labels: [...draft.labels], ...(draft.comments === undefined ? {} : { comments: [...draft.comments] }) };
}
