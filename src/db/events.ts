import { sql } from 'kysely';
import type { Db } from './database.ts';
import { newId } from './ids.ts';

export const EVENT_TYPES = [
  'promotion.started',
  'promotion.ended',
  'promotion.sold_out',
  'price.changed',
  'stock.low',
  'reservation.expired',
  'order.confirmed',
  'import.completed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Channel the relay listens on, so an event leaves the outbox right after its transaction commits. */
export const OUTBOX_CHANNEL = 'outbox';

/**
 * Writes an event to the outbox inside the caller's transaction: it exists exactly when the change that caused it
 * committed. `eventId` defaults to a random id; pass a deterministic one (e.g. `promotion.started:<id>:<instant>`) when
 * several processes may announce the same fact, and only the first write counts.
 */
export async function emitEvent(
  trx: Db,
  merchantId: string,
  type: EventType,
  data: Record<string, unknown>,
  eventId: string = newId(),
): Promise<boolean> {
  const res = await trx
    .insertInto('outbox')
    .values({ event_id: eventId, merchant_id: merchantId, type, data: JSON.stringify(data) })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .executeTakeFirst();
  await sql`select pg_notify(${OUTBOX_CHANNEL}, '')`.execute(trx);
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}
