import type { Processor } from 'bullmq';
import { sql } from 'kysely';
import { expireReservation } from '../../src/db/orders.ts';
import type { JobDeps } from '../context.ts';
import { type ExpireJob, JOB_NAMES, jobId, type SweepJob } from '../queues.ts';

export interface ExpireResult {
  expired: number;
}

export function expireJob(reservationId: string, expiresAt: number, now: number) {
  return {
    name: JOB_NAMES.expire,
    data: { reservationId },
    opts: { jobId: jobId('expire', reservationId), delay: Math.max(0, expiresAt - now) },
  };
}

/**
 * `reservations`: release a lapsed hold and announce `reservation.expired` (a backstop: a lapsed hold never blocks a
 * sale anyway). `sweep-expired` (repeating) releases every lapsed hold, for holds whose own job was lost.
 */
export function expireProcessor(deps: JobDeps): Processor<ExpireJob | SweepJob, ExpireResult> {
  return async (job) => {
    const due = deps.db
      .selectFrom('reservations')
      .select(['id', 'merchant_id'])
      .where('status', '=', 'held')
      .where('expires_at', '<=', sql<Date>`now()`);
    const rows =
      job.name === JOB_NAMES.sweep
        ? await due.orderBy('expires_at').limit(500).execute()
        : await due.where('id', '=', (job.data as ExpireJob).reservationId).execute();
    let expired = 0;
    for (const r of rows) if (await expireReservation(deps.db, r.merchant_id, r.id)) expired++;
    return { expired };
  };
}
