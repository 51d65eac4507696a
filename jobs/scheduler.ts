import type { Logger } from 'pino';
import type { JobHooks } from '../src/services/context.ts';
import type { JobDeps } from './context.ts';
import { expireJob } from './processors/expire.ts';
import { bounded } from './producers.ts';
import { scheduleLifecycles } from './reconcile.ts';

/**
 * The API's side of the jobs: schedule right after a commit. Best effort and never blocking a request for long:
 * skipped while Redis is down (the worker reconciles from the database when it comes back), bounded otherwise.
 */
export function createJobHooks(deps: JobDeps, logger: Logger): JobHooks {
  const attempt = (what: string, fn: () => Promise<unknown>) => {
    if (!deps.isUp()) return;
    bounded(fn(), deps.config.redisCommandTimeoutMs, what).catch((err) =>
      logger.warn({ err }, `jobs: ${what} not scheduled now; the worker reconciles it later`),
    );
  };
  return {
    reservationHeld(_merchantId, reservationId, expiresAt) {
      const j = expireJob(reservationId, expiresAt.getTime(), Date.now());
      attempt('reservation expiry', () => deps.queues.reservations.add(j.name, j.data, j.opts));
    },
    promotionChanged(merchantId, promotionId) {
      attempt('promotion boundaries', () => scheduleLifecycles(deps, { merchantId, promotionId }));
    },
  };
}
