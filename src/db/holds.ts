import { sql } from 'kysely';
import type { Db } from './database.ts';
import { emitEvent } from './events.ts';

/**
 * Row-level stock and cap accounting. Every function here takes row locks, so callers apply them in one order:
 * reservations (by id) → products (by SKU) → promotions (by id) → customer usage. That order is what keeps
 * concurrent reservations, confirmations and expiries free of deadlocks.
 */

/** Net change a transaction makes to held units: per SKU, per promotion, per (promotion, customer). */
export interface HoldDelta {
  skus: Map<string, number>;
  promotions: Map<string, number>;
  customers: Map<string, { promotionId: string; customerId: string; units: number }>;
}

export function emptyDelta(): HoldDelta {
  return { skus: new Map(), promotions: new Map(), customers: new Map() };
}

export function addTo(map: Map<string, number>, key: string, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

export function addCustomer(d: HoldDelta, promotionId: string, customerId: string, units: number): void {
  const key = `${promotionId}\u0000${customerId}`;
  const cur = d.customers.get(key);
  if (cur) cur.units += units;
  else d.customers.set(key, { promotionId, customerId, units });
}

/** Held reservations with a hold on one of `skus` whose time is up. */
export async function expiredOnSkus(trx: Db, merchantId: string, skus: readonly string[]): Promise<string[]> {
  const rows = await trx
    .selectFrom('holds')
    .select('reservation_id')
    .distinct()
    .where('merchant_id', '=', merchantId)
    .where('sku', '=', sql<string>`any(${sql.val(skus)}::text[])`)
    .where('expires_at', '<=', sql<Date>`now()`)
    .execute();
  return rows.map((r) => r.reservation_id).sort();
}

/**
 * Moves reservations from `held` to `to`, when still held (and, for `expired`, when past their time), and returns what
 * they held so the caller can give it back. Locks the reservation rows.
 */
export async function closeReservations(
  trx: Db,
  merchantId: string,
  ids: readonly string[],
  to: 'expired' | 'cancelled',
  release: HoldDelta,
): Promise<{ id: string; customerId: string | null }[]> {
  if (ids.length === 0) return [];
  let q = trx
    .updateTable('reservations')
    .set({ status: to, updated_at: sql<Date>`now()` })
    .where('merchant_id', '=', merchantId)
    .where('id', '=', sql<string>`any(${sql.val([...ids].sort())}::text[])`)
    .where('status', '=', 'held');
  if (to === 'expired') q = q.where('expires_at', '<=', sql<Date>`now()`);
  const closed = await q.returning(['id', 'customer_id']).execute();
  if (closed.length === 0) return [];
  const closedIds = closed.map((c) => c.id);
  await collectRelease(trx, closedIds, new Map(closed.map((c) => [c.id, c.customer_id])), release, -1);
  return closed.map((c) => ({ id: c.id, customerId: c.customer_id }));
}

/**
 * Expires those of `ids` that are still held and past their time: their stock, promotion units and customer units go
 * back, and each is announced as `reservation.expired` (once, whoever releases it: the lazy release, the job, a late
 * confirm or cancel). Returns the ids it expired.
 */
export async function expireLapsed(trx: Db, merchantId: string, ids: readonly string[]): Promise<string[]> {
  const delta = emptyDelta();
  const closed = await closeReservations(trx, merchantId, ids, 'expired', delta);
  if (closed.length === 0) return [];
  await releaseHeld(trx, merchantId, delta);
  for (const { id } of closed) {
    await emitEvent(trx, merchantId, 'reservation.expired', { reservationId: id }, `reservation.expired:${id}`);
  }
  return closed.map((r) => r.id);
}

/** Expires every lapsed hold on one of `skus` (see {@link expireLapsed}). */
export async function expireLapsedOnSkus(trx: Db, merchantId: string, skus: readonly string[]): Promise<string[]> {
  const lapsed = await expiredOnSkus(trx, merchantId, skus);
  return lapsed.length > 0 ? expireLapsed(trx, merchantId, lapsed) : [];
}

/**
 * Adds (sign −1: subtracts) what the reservations hold to `delta`, and deletes their holds when releasing.
 * Used to release (expire, cancel) and, with sign −1 as well, to turn holds into sales on confirm.
 */
export async function collectRelease(
  trx: Db,
  reservationIds: readonly string[],
  customerOf: Map<string, string | null>,
  delta: HoldDelta,
  sign: 1 | -1,
): Promise<void> {
  const ids = sql.val([...reservationIds]);
  const lines = await trx
    .deleteFrom('holds')
    .where('reservation_id', '=', sql<string>`any(${ids}::text[])`)
    .returning(['sku', 'quantity'])
    .execute();
  for (const l of lines) addTo(delta.skus, l.sku, sign * l.quantity);
  const promos = await trx
    .selectFrom('reservation_promotions')
    .select(['reservation_id', 'promotion_id', 'units'])
    .where('reservation_id', '=', sql<string>`any(${ids}::text[])`)
    .execute();
  for (const p of promos) {
    addTo(delta.promotions, p.promotion_id, sign * p.units);
    const customer = customerOf.get(p.reservation_id);
    if (customer) addCustomer(delta, p.promotion_id, customer, sign * p.units);
  }
}

/**
 * Gives back what closed reservations held (`d` holds the negative changes `collectRelease` gathered), in lock order:
 * products by SKU, promotions by id, customer usage by (promotion, customer). Holding is done by the `reserve_cart`
 * database function, so only decreases come through here and none can be refused.
 */
export async function releaseHeld(trx: Db, merchantId: string, d: HoldDelta): Promise<void> {
  for (const sku of [...d.skus.keys()].sort()) {
    const n = d.skus.get(sku)!;
    if (n !== 0) {
      await sql`update products set reserved = reserved + ${n} where merchant_id = ${merchantId} and sku = ${sku}`.execute(
        trx,
      );
    }
  }
  for (const id of [...d.promotions.keys()].sort()) {
    const n = d.promotions.get(id)!;
    if (n !== 0) {
      await sql`update promotions set units_reserved = units_reserved + ${n} where merchant_id = ${merchantId} and id = ${id}`.execute(
        trx,
      );
    }
  }
  const customers = [...d.customers.values()].sort((a, b) =>
    a.promotionId === b.promotionId ? (a.customerId < b.customerId ? -1 : 1) : a.promotionId < b.promotionId ? -1 : 1,
  );
  for (const c of customers) {
    if (c.units !== 0) {
      await sql`update promotion_customer_usage set units_reserved = units_reserved + ${c.units}
        where promotion_id = ${c.promotionId} and customer_id = ${c.customerId}`.execute(trx);
    }
  }
}
