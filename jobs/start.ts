import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Database } from '../src/db/database.ts';
import type { QueueStatus, Scheduler } from '../src/services/context.ts';
import type { JobConfig } from './config.ts';
import type { JobContext } from './context.ts';
import { closeQueues, createQueues, type Queues } from './producers.ts';
import { createScheduler } from './scheduler.ts';
import { startWorkerPool, type WorkerPool } from './worker-pool.ts';

/** The jobs side of one process: its Redis connection, producers, the scheduler for services, maybe a worker pool. */
export interface Jobs {
  queue: QueueStatus;
  /** For the services (`createServiceContext({ scheduler })`). */
  scheduler: Scheduler;
  queues: Queues;
  /** The workers, relay and reconciler; `null` when this process only produces (`runWorker: false`). */
  pool: WorkerPool | null;
  close(): Promise<void>;
}

export interface StartJobsOptions {
  redisUrl: string;
  database: Database;
  logger: Logger;
  config: JobConfig;
  /** Run workers in this process (`npm start` with RUN_WORKER, `npm run worker`). */
  runWorker: boolean;
}

/**
 * Connects to Redis and starts the job machinery. Redis may be down at start or go away later: the API keeps serving
 * (`queue.isUp()` is false, `/health` says degraded), events wait in the outbox, and on reconnect the relay and the
 * reconciler catch up from the database.
 */
export async function startJobs(opts: StartJobsOptions): Promise<Jobs> {
  const { logger } = opts;
  // Producer connection: no offline queue, so a command fails at once instead of waiting for Redis to return.
  const redis = new Redis(opts.redisUrl, {
    maxRetriesPerRequest: null,
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let up = false;
  let workers: WorkerPool | null = null;
  redis.on('error', () => {});
  redis.on('ready', () => {
    if (!up) logger.info('jobs: Redis is up, jobs running');
    up = true;
    void workers?.reconcile();
  });
  redis.on('close', () => {
    if (up) logger.warn('jobs: Redis connection lost; jobs paused, events wait in the outbox');
    up = false;
  });
  const queues = createQueues(redis, opts.config);
  const deps: JobContext = {
    database: opts.database,
    db: opts.database.db,
    queues,
    config: opts.config,
    logger,
    isUp: () => up,
  };
  if (opts.runWorker) {
    workers = await startWorkerPool(deps, opts.redisUrl);
    if (up) await workers.reconcile(); // else the 'ready' handler runs it
  }
  return {
    queue: { isUp: () => up },
    scheduler: createScheduler(deps),
    queues,
    pool: workers,
    async close() {
      await workers?.close();
      await closeQueues(queues);
      redis.disconnect();
    },
  };
}
