export { RedisIssueCoordinator, type RedisIssueCoordinatorOptions } from './redis-issue-coordinator';
export { createRedisClient } from './redis-client';
export { RedisClusterHeartbeats, type ClusterReader, type HostHeartbeat } from './cluster-heartbeats';
export { RedisOccurrenceLedger } from './redis-occurrence-ledger';
export { RedisSharedOutbox, type RedisSharedOutboxOptions } from './redis-shared-outbox';
