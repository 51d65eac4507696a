import type { Scheduler } from '../src/services/context.ts';
import type { JobContext } from './context.ts';
import { bounded } from './producers.ts';
import { QUEUES } from './queues.ts';
import { scheduleLifecycles } from './reconcile.ts';

/**
 * The API's side of the jobs: what services report after a commit, scheduled at once. Best effort and never blocking
 * a request for long: skipped while Redis is down (the worker reconciles from the database when it comes back),
 * bounded otherwise.
 */
export function createScheduler(ctx: JobContext): Scheduler {
  const attempt = (what: string, fn: () => Promise<unknown>) => {
    if (!ctx.isUp()) return;
    bounded(fn(), ctx.config.redisCommandTimeoutMs, what).catch((err) =>
      ctx.logger.warn({ err }, `jobs: ${what} not scheduled now; the worker reconciles it later`),
    );
  };
  return {
    reservationHeld(_merchantId, reservationId, expiresAt) {
      const j = QUEUES.reservations.jobs.expire(reservationId, expiresAt.getTime(), Date.now());
      attempt('reservation expiry', () => ctx.queues.reservations.add(j.name, j.data, j.opts));
    },
    promotionChanged(merchantId, promotionId) {
      attempt('promotion boundaries', () => scheduleLifecycles(ctx, { merchantId, promotionId }));
    },
  };
}
