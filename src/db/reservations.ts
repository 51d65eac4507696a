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
