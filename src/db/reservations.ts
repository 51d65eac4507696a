import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { ReservationRow } from './schema.ts';

/**
 * One reservation of the merchant. With `lock`, its row is locked for the rest of the caller's transaction (the first
 * lock of the hold order, db/holds.ts).
 */
export async function findReservation(
  db: Db,
  merchantId: string,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<ReservationRow | undefined> {
  const q = db.selectFrom('reservations').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id);
  return (opts.lock ? q.forUpdate() : q).executeTakeFirst();
}

/**
 * Held reservations whose time is up, across merchants (the worker's expiry): the one `id` when given, else the
 * `limit` that lapsed first.
 */
export async function lapsedReservations(
  db: Db,
  which: { id: string } | { limit: number },
): Promise<{ id: string; merchant_id: string }[]> {
  const due = db
    .selectFrom('reservations')
    .select(['id', 'merchant_id'])
    .where('status', '=', 'held')
    .where('expires_at', '<=', sql<Date>`now()`);
  return 'id' in which
    ? due.where('id', '=', which.id).execute()
    : due.orderBy('expires_at').limit(which.limit).execute();
}

/** Held reservations, across merchants, that lapse before `before`, soonest first (their expiry jobs, re-derived). */
export async function heldUntilBefore(
  db: Db,
  before: Date,
  limit: number,
): Promise<{ id: string; expires_at: Date }[]> {
  return db
    .selectFrom('reservations')
    .select(['id', 'expires_at'])
    .where('status', '=', 'held')
    .where('expires_at', '<', before)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
}
