import type { Job, JobsOptions, Processor } from 'bullmq';
import type { JobConfig } from './config.ts';
import type { JobContext } from './context.ts';
import { type BoundaryJob, boundaryJob, boundaryProcessor } from './processors/boundary.ts';
import { type DeliverJob, deliverJob, deliverProcessor } from './processors/deliver.ts';
import { type ExpireJob, expireJob, expireProcessor, type SweepJob, sweepSchedule } from './processors/expire.ts';
import { type FanOutJob, fanOutJob, fanOutProcessor } from './processors/fan-out.ts';
import { type ImportJob, importJob, importProcessor } from './processors/import.ts';
import { type SnapshotJob, snapshotProcessor, snapshotSchedule } from './processors/snapshot.ts';

/** One queue: its BullMQ name, its jobs' default options, the processor that runs them, and how its jobs are made. */
export interface QueueDef<Payload, Result, Jobs = Record<string, unknown>> {
  name: string;
  /** Retries with exponential backoff; finished jobs are kept long enough for their ids to keep deduplicating. */
  options(config: JobConfig): JobsOptions;
  processor(ctx: JobContext): Processor<Payload, Result>;
  /** Builders of this queue's jobs (name, payload, business-key id) and job schedulers. */
  jobs: Jobs;
}

/** Payload and result types come from the processor's signature; `jobs` keeps its builders' types. */
const queue = <Payload, Result, Jobs>(def: QueueDef<Payload, Result, Jobs>) => def;

const DAY_S = 86_400;
const keep = { removeOnComplete: { age: DAY_S, count: 100_000 }, removeOnFail: { age: 7 * DAY_S } };
const backoff = (delay: number) => ({ type: 'exponential', delay });

/**
 * Every queue, one entry each. Payloads carry ids only (processors read the rest from PostgreSQL, the source of
 * truth); job ids come from business keys, so adding the same job twice is a no-op. The producers (producers.ts) and
 * the worker pool (worker-pool.ts) are built from this table, so a new queue is one entry here and one processor file.
 */
export const QUEUES = {
  /** An outbox event → its webhook deliveries (and stock sell-outs after an order). */
  events: queue({
    name: 'events',
    options: () => ({ ...keep, attempts: 10, backoff: backoff(500) }),
    processor: fanOutProcessor,
    jobs: { fanOut: fanOutJob },
  }),
  /** One signed POST of one event to one webhook. */
  webhooks: queue({
    name: 'webhooks',
    options: (config) => ({ ...keep, attempts: config.webhookAttempts, backoff: backoff(config.webhookBackoffMs) }),
    processor: deliverProcessor,
    jobs: { deliver: deliverJob },
  }),
  /** A promotion's start, end, window edges and steps, each announced once. */
  lifecycle: queue({
    name: 'promotion-lifecycle',
    options: () => ({ ...keep, attempts: 8, backoff: backoff(500) }),
    processor: boundaryProcessor,
    jobs: { boundary: boundaryJob },
  }),
  /** Lapsed holds released, one by one and by a repeating sweep. */
  reservations: queue({
    name: 'reservations',
    options: () => ({ removeOnComplete: { age: 3600, count: 100_000 }, removeOnFail: { age: DAY_S }, attempts: 5 }),
    processor: expireProcessor,
    jobs: { expire: expireJob, sweep: sweepSchedule },
  }),
  /** Uploaded CSV files applied in checkpointed batches. */
  imports: queue({
    name: 'imports',
    options: () => ({ ...keep, attempts: 5, backoff: backoff(2000) }),
    processor: importProcessor,
    jobs: { importProducts: importJob },
  }),
  /** The nightly sell-through snapshot of each merchant. */
  reports: queue({
    name: 'reports',
    options: () => ({ ...keep, attempts: 5, backoff: backoff(5000) }),
    processor: snapshotProcessor,
    jobs: { snapshot: snapshotSchedule },
  }),
} satisfies { [K in QueueKey]: { processor(ctx: JobContext): (job: Job<Payloads[K]>) => Promise<unknown> } };

/**
 * What each queue's jobs carry, as its processor declares it (the table is checked against this). Stated as its own
 * type so that the producers' types do not depend on the table's, which depends on the processors' context.
 */
export interface Payloads {
  events: FanOutJob;
  webhooks: DeliverJob;
  lifecycle: BoundaryJob;
  reservations: ExpireJob | SweepJob;
  imports: ImportJob;
  reports: SnapshotJob;
}
export type QueueKey = keyof Payloads;
