import type { Processor } from 'bullmq';
import { snapshotYesterday } from '../../src/services/reports.ts';
import type { JobDeps } from '../context.ts';
import type { SnapshotJob } from '../queues.ts';

export interface SnapshotResult {
  day: string;
  rows: number;
}

/** `reports`: the nightly per-merchant sell-through snapshot (a repeatable job in the merchant's timezone). */
export function snapshotProcessor(deps: JobDeps): Processor<SnapshotJob, SnapshotResult> {
  return async (job) => snapshotYesterday(deps.db, job.data.merchantId, Date.now());
}
