import type { Db } from './database.ts';
import type { ReservationRow } from './schema.ts';

export async function findReservation(db: Db, merchantId: string, id: string): Promise<ReservationRow | undefined> {
  return db
    .selectFrom('reservations')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The reservation's row, locked for the rest of the caller's transaction (first in the hold lock order). */
export async function lockReservation(trx: Db, merchantId: string, id: string): Promise<ReservationRow | undefined> {
  return trx
    .selectFrom('reservations')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}
