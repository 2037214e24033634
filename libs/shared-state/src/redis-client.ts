import { Redis } from 'ioredis';

/**
 * A client for `STATE_REDIS_URL` that fails fast instead of queueing while Redis is away: a
 * command waits for one reconnection at most and 2 s in all, so a down Redis delays a create by
 * seconds (it is retried) and never blocks the pipeline. Reconnects every 0.2–2 s forever.
 */
export function createRedisClient(url: string, onError: (error: Error) => void): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    commandTimeout: 2000,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(200 * times, 2000),
    lazyConnect: false,
  });
  redis.on('error', onError);
  return redis;
}
