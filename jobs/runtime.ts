import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { QueueStatus } from '../src/services/services.ts';

export interface JobRuntime {
  queue: QueueStatus;
  close(): Promise<void>;
}

/**
 * Connects to Redis and reports whether the queue is reachable. While Redis is away the API keeps serving, events
 * wait in the outbox, and the runtime reconnects in the background.
 */
export function startQueueMonitor(redisUrl: string, logger: Logger): JobRuntime {
  const redis = new Redis(redisUrl, {
    maxRetriesPerRequest: null,
    enableOfflineQueue: false,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let up = false;
  redis.on('ready', () => {
    if (!up) logger.info('jobs: Redis is up, jobs running');
    up = true;
  });
  redis.on('error', () => {});
  redis.on('close', () => {
    if (up) logger.warn('jobs: Redis connection lost; jobs paused, events wait in the outbox');
    up = false;
  });
  return {
    queue: { isUp: () => up },
    async close() {
      redis.disconnect();
    },
  };
}
