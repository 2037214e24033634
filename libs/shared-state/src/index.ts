export { RedisIssueCoordinator, type RedisIssueCoordinatorOptions } from './redis-issue-coordinator';
export { createRedisClient } from './redis-client';
