import type { Issue, Label, Repo } from './fake-types';

/* GitHub's JSON for what the fake holds, with its URLs under the fake's `url`. */

/** GitHub's `simple-user` of `login`. */
export function simpleUser(url: string, login: string): Record<string, unknown> {
  const base = `${url}/users/${login}`;
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

/** GitHub's `label`. */
export function labelJson(url: string, repo: Repo, label: Label): Record<string, unknown> {
  return {
    id: label.id,
    node_id: `LA_${label.id}`,
    url: `${url}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: null,
    color: label.color,
    default: false,
  };
}

/** GitHub's `issue`; `label` gives each of its labels. */
export function issueJson(url: string, repo: Repo, issue: Issue, label: (name: string) => Label): Record<string, unknown> {
  const api = `${url}/repos/${repo.owner}/${repo.name}`;
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
    user: simpleUser(url, issue.user),
    labels: issue.labels.map((n) => labelJson(url, repo, label(n))),
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

/** GitHub's `issue-comment`. */
export function commentJson(url: string, repo: Repo, issue: Issue, comment: Issue['comments'][number]): Record<string, unknown> {
  const api = `${url}/repos/${repo.owner}/${repo.name}`;
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `https://github.com/${repo.owner}/${repo.name}/issues/${issue.number}#issuecomment-${comment.id}`,
    body: comment.body,
    user: simpleUser(url, comment.user),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    issue_url: `${api}/issues/${issue.number}`,
    author_association: 'OWNER',
  };
}
