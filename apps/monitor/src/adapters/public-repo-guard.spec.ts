import { InMemoryIssuesApi } from '@safework/github-reporter';
import { PublicRepoGuard, VisibilityUnknownError, decideFiling, type FilingDecision, type Visibility } from './public-repo-guard';

const params = { owner: 'safework', repo: 'safework', title: 'db down', body: 'b', labels: ['bug'] };

function setup(visibility: () => Promise<Visibility>, allowPublic = false) {
  const github = new InMemoryIssuesApi();
  const drafts = new InMemoryIssuesApi();
  const decisions: FilingDecision[] = [];
  let draftsMade = 0;
  const guard = new PublicRepoGuard({
    repo: 'safework/safework',
    github,
    drafts: () => {
      draftsMade++;
      return drafts;
    },
    allowPublic,
    readVisibility: visibility,
    onDecision: (d) => decisions.push(d),
  });
  return { guard, github, drafts, decisions, draftsMade: () => draftsMade };
}

describe('PublicRepoGuard', () => {
  it('files to a private repository', async () => {
    const s = setup(async () => 'private');
    await s.guard.create(params);
    expect(s.github.issues).toHaveLength(1);
    expect(s.drafts.issues).toHaveLength(0);
    expect(s.draftsMade()).toBe(0);
    expect(s.decisions).toEqual([expect.objectContaining({ visibility: 'private', files: true })]);
  });

  it('writes drafts for a public repository, says why once, and files nothing', async () => {
    const s = setup(async () => 'public');
    await s.guard.create(params);
    await s.guard.create({ ...params, title: 'redis down' });
    const listed = await s.guard.listForRepo({ owner: 'safework', repo: 'safework' });
    expect(s.github.issues).toHaveLength(0);
    expect(s.drafts.issues).toHaveLength(2);
    expect(listed.data).toHaveLength(2);
    expect(s.decisions).toHaveLength(1);
    expect(s.decisions[0]?.files).toBe(false);
    expect(s.decisions[0]?.reason).toContain('ALLOW_PUBLIC_REPO=true');
  });

  it('files to a public repository when ALLOW_PUBLIC_REPO=true, and says so', async () => {
    const s = setup(async () => 'public', true);
    await s.guard.create(params);
    expect(s.github.issues).toHaveLength(1);
    expect(s.decisions[0]).toEqual(expect.objectContaining({ visibility: 'public', files: true }));
    expect(s.decisions[0]?.reason).toContain('filed publicly');
  });

  it('holds every request while the visibility cannot be read, then decides', async () => {
    let reachable = false;
    const s = setup(async () => {
      if (!reachable) throw new Error('connect ECONNREFUSED');
      return 'private';
    });
    const failure = await s.guard.create(params).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(VisibilityUnknownError);
    expect(failure).toMatchObject({ status: 503, message: expect.stringContaining('ECONNREFUSED') });
    expect(s.github.issues).toHaveLength(0);
    expect(s.drafts.issues).toHaveLength(0);
    expect(s.guard.decision).toBeUndefined();
    reachable = true;
    await s.guard.create(params);
    expect(s.github.issues).toHaveLength(1);
    expect(s.decisions).toHaveLength(1);
  });

  it('treats an internal repository as not public', () => {
    expect(decideFiling('org/app', 'internal', false).files).toBe(true);
    expect(decideFiling('org/app', 'public', false).files).toBe(false);
  });
});
