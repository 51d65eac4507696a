import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * Holds: stock, promotion units and customer units a reservation keeps from others until it is confirmed, cancelled
 * or expires. Taking and giving back holds happens in SQL functions (migrations 0003 and 0005), so that there is one
 * implementation of each — the lapsed holds `reserve_cart` releases on the way are released by the same
 * `close_reservations` as an expiry job, a stock movement or a late confirm — and one lock order: reservations (by
 * id) → products (by SKU) → promotions (by id) → customer usage, which keeps concurrent holds, confirmations and
 * expiries free of deadlocks.
 */

export interface CartHold {
  merchantId: string;
  reservationId: string;
  customerId: string | null;
  expiresAt: Date;
  /** The priced quote (stored with the reservation) and its total. */
  quote: unknown;
  total: number;
  lines: { sku: string; quantity: number }[];
  /** Units each promotion's prices used (caps, customer limits). */
  promotions: { promotionId: string; units: number }[];
  /** The Idempotency-Key claim: the key's scope, the key, its request hash, and the response to replay. */
  idempotency: { scope: string; key: string | null; hash: string | null; response: unknown };
}

export type HoldOutcome =
  | { outcome: 'held' }
  | { outcome: 'key_reused' }
  | { outcome: 'replay'; status: number; response: unknown };

/**
 * One call of `reserve_cart`: claims the key, releases lapsed holds on the cart's SKUs, writes the reservation and
 * holds everything in lock order. A SKU short of stock raises SQLSTATE CP001 (detail `[{ sku, available }]`), a cap
 * or customer limit used up since pricing CP002; either leaves nothing behind.
 */
export async function holdCart(db: Db, h: CartHold): Promise<HoldOutcome> {
  const res = await sql<{ r: HoldOutcome }>`
    select reserve_cart(${h.merchantId}, ${h.reservationId}, ${h.customerId}, ${h.expiresAt.toISOString()}::timestamptz,
      ${JSON.stringify(h.quote)}::jsonb, ${h.total}, ${JSON.stringify(h.lines)}::jsonb,
      ${JSON.stringify(h.promotions)}::jsonb, ${h.idempotency.scope}, ${h.idempotency.key}, ${h.idempotency.hash},
      ${JSON.stringify(h.idempotency.response)}::jsonb) as r`.execute(db);
  return res.rows[0]!.r;
}

/**
 * Expires those of `ids` that are still held and past their time: their stock, promotion units and customer units go
 * back, and each is announced as `reservation.expired` (once, whoever expires it: the lazy release, the job, a late
 * confirm or cancel). Returns the ids it expired.
 */
export async function expireLapsed(trx: Db, merchantId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const res = await sql<{ ids: string[] }>`
    select release_reservations(${merchantId}, ${sql.val([...ids])}::text[], 'expired') as ids`.execute(trx);
  return res.rows[0]!.ids;
}

/** Expires every lapsed hold on one of `skus` (see {@link expireLapsed}), so it never blocks a stock change. */
export async function expireLapsedOnSkus(trx: Db, merchantId: string, skus: readonly string[]): Promise<string[]> {
  if (skus.length === 0) return [];
  const res = await sql<{ ids: string[] }>`
    select release_reservations(${merchantId}, lapsed_holds(${merchantId}, ${sql.val([...skus])}::text[]), 'expired')
      as ids`.execute(trx);
  return res.rows[0]!.ids;
}

/** Cancels a held reservation and gives back what it held; false when it was no longer held. */
export async function cancelHeld(trx: Db, merchantId: string, id: string): Promise<boolean> {
  const res = await sql<{ ids: string[] }>`
    select release_reservations(${merchantId}, ${sql.val([id])}::text[], 'cancelled') as ids`.execute(trx);
  return res.rows[0]!.ids.length > 0;
}

/** Deletes a confirmed reservation's holds and returns the units they held per SKU (they become sales). */
export async function takeHolds(trx: Db, reservationId: string): Promise<Map<string, number>> {
  const rows = await trx
    .deleteFrom('holds')
    .where('reservation_id', '=', reservationId)
    .returning(['sku', 'quantity'])
    .execute();
  const bySku = new Map<string, number>();
  for (const r of rows) bySku.set(r.sku, (bySku.get(r.sku) ?? 0) + r.quantity);
  return bySku;
}
