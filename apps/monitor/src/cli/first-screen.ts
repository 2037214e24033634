/** What the monitor's first lines say, in plain words, to the person who just started it. */
export interface FirstScreen {
  readonly following: readonly string[];
  /** `owner/repo` it files to; undefined for a dry run. */
  readonly repo: string | undefined;
  /** Why nothing is filed although a token is set (a public repository), or null. */
  readonly held: string | null;
  readonly drafts: string;
  readonly monitorLog: string;
  readonly errorsLog: string;
  readonly docker: string;
}

/** The lines of the first screen: what is followed, where issues go, where the logs are, how to look. */
export function firstScreen(s: FirstScreen): string[] {
  const following =
    s.following.length === 0
      ? `following no container yet on ${s.docker}: new containers are picked up as they start`
      : `following ${s.following.length} container${s.following.length === 1 ? '' : 's'} on ${s.docker}: ${s.following.join(', ')}`;
  const filing =
    s.repo === undefined
      ? `dry run (GITHUB_TOKEN is not set): issues are written as drafts to ${s.drafts}`
      : s.held !== null
        ? `files nothing to ${s.repo} for now (why is logged above; doctor says more): issues are drafted to ${s.drafts}`
        : `files issues to ${s.repo}`;
  return [following, filing, `this log: ${s.monitorLog}; every detected error, one JSON line each: ${s.errorsLog}`, 'one screen of what it knows: npm run -s monitor -- status'];
}
