import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobConfig } from './config.ts';
import {
  type BoundaryJob,
  type DeliverJob,
  type ExpireJob,
  type FanOutJob,
  type ImportJob,
  QUEUES,
  type SnapshotJob,
  type SweepJob,
} from './queues.ts';

const DAY_S = 86_400;

/** Typed producers of every queue, sharing one Redis connection. */
export interface Queues {
  events: Queue<FanOutJob>;
  webhooks: Queue<DeliverJob>;
  lifecycle: Queue<BoundaryJob>;
  reservations: Queue<ExpireJob | SweepJob>;
  imports: Queue<ImportJob>;
  reports: Queue<SnapshotJob>;
}

/** Retries with exponential backoff everywhere; finished jobs are kept a day so their ids keep deduplicating. */
function defaults(config: JobConfig): Record<keyof Queues, JobsOptions> {
  const keep = { removeOnComplete: { age: DAY_S, count: 100_000 }, removeOnFail: { age: 7 * DAY_S } };
  return {
    events: { ...keep, attempts: 10, backoff: { type: 'exponential', delay: 500 } },
    webhooks: {
      ...keep,
      attempts: config.webhookAttempts,
      backoff: { type: 'exponential', delay: config.webhookBackoffMs },
    },
    lifecycle: { ...keep, attempts: 8, backoff: { type: 'exponential', delay: 500 } },
    reservations: { removeOnComplete: { age: 3600, count: 100_000 }, removeOnFail: { age: DAY_S }, attempts: 5 },
    imports: { ...keep, attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
    reports: { ...keep, attempts: 5, backoff: { type: 'exponential', delay: 5000 } },
  };
}

export function createQueues(connection: Redis, config: JobConfig): Queues {
  const d = defaults(config);
  const make = <T>(key: keyof Queues) =>
    new Queue<T>(QUEUES[key], { connection, prefix: config.prefix, defaultJobOptions: d[key] });
  const queues: Queues = {
    events: make<FanOutJob>('events'),
    webhooks: make<DeliverJob>('webhooks'),
    lifecycle: make<BoundaryJob>('lifecycle'),
    reservations: make<ExpireJob | SweepJob>('reservations'),
    imports: make<ImportJob>('imports'),
    reports: make<SnapshotJob>('reports'),
  };
  // Connection errors surface through `isUp()` and the monitor; a queue's own error event must not crash the process.
  for (const q of Object.values(queues)) (q as Queue).on('error', () => {});
  return queues;
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.allSettled(Object.values(queues).map((q) => (q as Queue).close()));
}

/** Rejects after `ms`, so no caller ever waits on an unreachable Redis. */
export function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: Redis did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
