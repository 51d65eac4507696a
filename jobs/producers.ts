import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobConfig } from './config.ts';
import { type Payloads, QUEUES, type QueueKey } from './queues.ts';

/** Typed producers of every queue of the table (queues.ts), sharing one Redis connection. */
export type Queues = { [K in QueueKey]: Queue<Payloads[K]> };

export function createQueues(connection: Redis, config: JobConfig): Queues {
  const make = <K extends QueueKey>(key: K) =>
    new Queue<Payloads[K]>(QUEUES[key].name, {
      connection,
      prefix: config.prefix,
      defaultJobOptions: QUEUES[key].options(config),
    });
  const queues = Object.fromEntries((Object.keys(QUEUES) as QueueKey[]).map((k) => [k, make(k)])) as Queues;
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
