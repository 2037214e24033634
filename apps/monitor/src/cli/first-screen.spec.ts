import { firstScreen } from './first-screen';

const base = { following: ['safework-app', 'safework-mysql', 'safework-redis'], repo: 'safework/safework', held: null, drafts: 'logs/issue-drafts', monitorLog: 'logs/error-monitor.log', errorsLog: 'logs/safework-errors.log', docker: '/var/run/docker.sock' };

describe('firstScreen', () => {
  it('says what it follows, where issues go, where the logs are and how to look', () => {
    expect(firstScreen(base)).toEqual([
      'following 3 containers on /var/run/docker.sock: safework-app, safework-mysql, safework-redis',
      'files issues to safework/safework',
      'this log: logs/error-monitor.log; every detected error, one JSON line each: logs/safework-errors.log',
      'one screen of what it knows: npm run -s monitor -- status',
    ]);
  });

  it('says plainly when it runs dry, when it holds filing back, and when nothing runs yet', () => {
    expect(firstScreen({ ...base, repo: undefined })[1]).toBe('dry run (GITHUB_TOKEN is not set): issues are written as drafts to logs/issue-drafts');
    // The reason is logged once, above (the public-repository suite counts it).
    expect(firstScreen({ ...base, held: 'safework/safework is public' })[1]).toBe('files nothing to safework/safework for now (why is logged above; doctor says more): issues are drafted to logs/issue-drafts');
    expect(firstScreen({ ...base, following: [] })[0]).toBe('following no container yet on /var/run/docker.sock: new containers are picked up as they start');
  });
});
