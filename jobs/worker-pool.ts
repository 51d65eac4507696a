import { type Processor, Worker, type WorkerOptions } from 'bullmq';
import { IMPORTS_CHANNEL } from '../src/db/imports.ts';
import { PROMOTIONS_CHANNEL } from '../src/db/promotions.ts';
import type { JobContext } from './context.ts';
import { QUEUES } from './queues.ts';
import { reconcile, scheduleLifecycles } from './reconcile.ts';
import { startRelay } from './relay.ts';

export interface WorkerPool {
  /** Re-derive jobs from the database now (also runs at start, on Redis reconnect, and every `reconcileMs`). */
  reconcile(): Promise<void>;
  /** Stops taking jobs, waits for active ones to finish, stops the relay and the listeners. */
  close(): Promise<void>;
}

/** Runs one BullMQ worker per queue of the table (queues.ts), the outbox relay, and the reconciler. */
export async function startWorkerPool(ctx: JobContext, redisUrl: string): Promise<WorkerPool> {
  const { config, logger } = ctx;
  const options: WorkerOptions = {
    connection: { url: redisUrl, maxRetriesPerRequest: null, retryStrategy: (n: number) => Math.min(n * 200, 2000) },
    prefix: config.prefix,
    concurrency: config.concurrency,
    lockDuration: config.lockMs,
    stalledInterval: config.stalledMs,
    // The imports worker checkpoints per batch, so long imports stay well inside one lock renewal.
  };
  const workers: Worker[] = [];
  const run = (queue: string, processor: Processor) => {
    const w = new Worker(queue, processor, options);
    w.on('error', () => {}); // connection errors: Redis is down; the monitor reports it
    w.on('failed', (job, err) =>
      logger.warn({ queue, jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, 'job failed'),
    );
    workers.push(w);
  };
  for (const q of Object.values(QUEUES)) run(q.name, q.processor(ctx));

  const relay = await startRelay(ctx);
  const safely = (what: string, fn: () => Promise<unknown>) => {
    if (!ctx.isUp()) return Promise.resolve();
    return fn().then(
      () => {},
      (err) => logger.warn({ err }, `jobs: ${what} failed; retried later`),
    );
  };
  const unlisten = [
    await ctx.database.listen(IMPORTS_CHANNEL, (id) => {
      const j = QUEUES.imports.jobs.importProducts(id);
      void safely('queueing an import', () => ctx.queues.imports.add(j.name, j.data, j.opts));
    }),
    // Every promotion write notifies its merchant: reschedule that merchant's boundaries (deterministic ids).
    await ctx.database.listen(PROMOTIONS_CHANNEL, (merchantId) => {
      if (merchantId) void safely('scheduling promotion boundaries', () => scheduleLifecycles(ctx, { merchantId }));
    }),
  ];
  let reconciling: Promise<void> | null = null;
  const runReconcile = () => {
    reconciling ??= safely('reconcile', () => reconcile(ctx)).finally(() => {
      reconciling = null;
    });
    return reconciling;
  };
  const timer = setInterval(() => void runReconcile(), config.reconcileMs);
  timer.unref();
  return {
    async reconcile() {
      relay.kick();
      await runReconcile();
    },
    async close() {
      clearInterval(timer);
      await Promise.allSettled(workers.map((w) => w.close()));
      await relay.close();
      for (const stop of unlisten) await stop();
      await reconciling;
    },
  };
}
