import type { Processor } from 'bullmq';
import { lapsedReservations } from '../../src/db/reservations.ts';
import { expireReservation } from '../../src/services/reservations.ts';
import type { JobContext } from '../context.ts';
import { jobId } from '../job-id.ts';

/** `reservations`: release one hold that outlived its expiry (`expire-reservation`), or all of them (`sweep-expired`). */
export interface ExpireJob {
  reservationId: string;
}
export type SweepJob = Record<string, never>;

export interface ExpireResult {
  expired: number;
}

/** The job that releases a hold when its time is up (one per reservation, delayed until then). */
export function expireJob(reservationId: string, expiresAt: number, now: number) {
  return {
    name: 'expire-reservation',
    data: { reservationId },
    opts: { jobId: jobId('expire', reservationId), delay: Math.max(0, expiresAt - now) },
  };
}

/** The repeating sweep, for holds whose own job was lost: a job scheduler every 30 s. */
export const sweepSchedule = {
  id: 'sweep-expired',
  repeat: { every: 30_000 },
  template: { name: 'sweep-expired', data: {} as SweepJob },
};

/**
 * `reservations`: release a lapsed hold and announce `reservation.expired` (a backstop: a lapsed hold never blocks a
 * sale anyway). `sweep-expired` (repeating) releases every lapsed hold, for holds whose own job was lost.
 */
export function expireProcessor(ctx: JobContext): Processor<ExpireJob | SweepJob, ExpireResult> {
  return async (job) => {
    const rows = await lapsedReservations(
      ctx.db,
      job.name === sweepSchedule.template.name ? { limit: 500 } : { id: (job.data as ExpireJob).reservationId },
    );
    let expired = 0;
    for (const r of rows) if (await expireReservation(ctx, r.merchant_id, r.id)) expired++;
    return { expired };
  };
}
