import type { Processor } from 'bullmq';
import { snapshotYesterday } from '../../src/services/reports.ts';
import type { JobContext } from '../context.ts';
import { jobId } from '../job-id.ts';

/** `reports`: store yesterday's (merchant time) sell-through rows. */
export interface SnapshotJob {
  merchantId: string;
}

export interface SnapshotResult {
  day: string;
  rows: number;
}

/** One repeatable snapshot per merchant, shortly after midnight in the merchant's timezone. */
export function snapshotSchedule(merchantId: string, timezone: string) {
  return {
    id: jobId('sell-through', merchantId),
    repeat: { pattern: '5 0 * * *', tz: timezone },
    template: { name: 'sell-through-snapshot', data: { merchantId } },
  };
}

/** `reports`: the nightly per-merchant sell-through snapshot (a repeatable job in the merchant's timezone). */
export function snapshotProcessor(ctx: JobContext): Processor<SnapshotJob, SnapshotResult> {
  return async (job) => snapshotYesterday(ctx, job.data.merchantId, Date.now());
}
