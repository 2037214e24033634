export { GitHubFake, type Fault, type GitHubFakeOptions, type RecordedRequest } from './github-fake';
export { SERVED_PATHS, loadGitHubSubset } from './openapi-subset';
