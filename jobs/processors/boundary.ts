import type { Processor } from 'bullmq';
import { nextBoundary } from '../../src/domain/pricing/time.ts';
import { announceBoundary } from '../../src/services/lifecycle.ts';
import type { JobContext } from '../context.ts';
import { jobId } from '../job-id.ts';

/** `promotion-lifecycle`: announce what changes at the boundary instant `at` (epoch ms), then schedule the next. */
export interface BoundaryJob {
  promotionId: string;
  at: number;
}

export interface BoundaryResult {
  announced: string[];
  next: number | null;
}

/** The job for boundary `at` of a promotion: deterministic id, so every scheduler of the same boundary adds it once. */
export function boundaryJob(promotionId: string, at: number, now: number) {
  return {
    name: 'promotion-boundary',
    data: { promotionId, at },
    opts: { jobId: jobId('boundary', promotionId, at), delay: Math.max(0, at - now) },
  };
}

/** `promotion-lifecycle`: announce the boundary, then chain the promotion's next boundary. */
export function boundaryProcessor(ctx: JobContext): Processor<BoundaryJob, BoundaryResult> {
  return async (job) => {
    const { promotionId, at } = job.data;
    // Redis and this process may disagree on the clock by a little: never announce a boundary before it happens.
    const early = at - Date.now();
    if (early > 0) await new Promise((r) => setTimeout(r, Math.min(early, 5000)));
    const outcome = await announceBoundary(ctx, { promotionId, at });
    if (!outcome) return { announced: [], next: null };
    const next = nextBoundary(outcome.promotion, at);
    if (next) {
      const j = boundaryJob(promotionId, next.at, Date.now());
      await ctx.queues.lifecycle.add(j.name, j.data, j.opts);
    }
    return { announced: outcome.announced, next: next?.at ?? null };
  };
}
