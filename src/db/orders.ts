import { sql } from 'kysely';
import { AppError } from '../domain/errors.ts';
import type { Quote } from '../domain/pricing/types.ts';
import { claimIdempotency, type IdempotencyScope, saveIdempotency } from '../services/idempotency.ts';
import { retryOnConflict } from '../services/retry.ts';
import type { Db } from './database.ts';
import { emitEvent } from './events.ts';
import { closeReservations, collectRelease, emptyDelta, expireLapsed, releaseHeld } from './holds.ts';
import { newId } from './ids.ts';
import { announceLowStock } from './products.ts';
import type { ReservationRow } from './schema.ts';

export function reservationView(r: ReservationRow) {
  return {
    id: r.id,
    status: r.status,
    expiresAt: r.expires_at.toISOString(),
    customerId: r.customer_id,
    orderId: r.order_id,
    quote: r.quote as Quote,
  };
}

async function lockReservation(trx: Db, merchantId: string, id: string): Promise<ReservationRow> {
  const r = await trx
    .selectFrom('reservations')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!r) throw new AppError('not_found', `no reservation ${id}`);
  return r;
}

export async function getReservation(db: Db, merchantId: string, id: string) {
  const r = await db
    .selectFrom('reservations')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw new AppError('not_found', `no reservation ${id}`);
  // A lapsed hold reads as expired even before anything released it.
  return reservationView(r.status === 'held' && r.expires_at.getTime() <= Date.now() ? { ...r, status: 'expired' } : r);
}

/**
 * Releases one lapsed hold: stock, caps and customer limits go back, `reservation.expired` is announced. A no-op when
 * the reservation is no longer held or not yet due (the job and the lazy release may both try).
 */
export async function expireReservation(db: Db, merchantId: string, id: string): Promise<boolean> {
  return retryOnConflict(() =>
    db.transaction().execute(async (trx) => (await expireLapsed(trx, merchantId, [id])).length > 0),
  );
}

export async function cancelReservation(
  db: Db,
  merchantId: string,
  id: string,
): Promise<{ id: string; status: 'cancelled' }> {
  const outcome = await retryOnConflict(() =>
    db.transaction().execute(async (trx) => {
      const r = await lockReservation(trx, merchantId, id);
      if (r.status === 'cancelled') return 'cancelled' as const;
      if (r.status === 'confirmed') return 'confirmed' as const;
      if (r.status === 'expired' || r.expires_at.getTime() <= Date.now()) {
        await expireLapsed(trx, merchantId, [id]);
        return 'expired' as const;
      }
      const delta = emptyDelta();
      await closeReservations(trx, merchantId, [id], 'cancelled', delta);
      await releaseHeld(trx, merchantId, delta);
      return 'cancelled' as const;
    }),
  );
  if (outcome === 'confirmed') throw new AppError('reservation_not_held', `reservation ${id} is already confirmed`);
  if (outcome === 'expired')
    throw new AppError('reservation_expired', `reservation ${id} expired before it was cancelled`);
  return { id, status: 'cancelled' };
}

export interface Confirmed {
  id: string;
  status: 'confirmed';
  orderId: string;
  total: number;
}

/**
 * Turns a hold into an order: stock leaves `onHand` through a `sale` movement, promotion counters move from reserved
 * to sold, and the order keeps each line as charged (the quote at reservation time) and its unit cost now.
 * Confirming a confirmed reservation answers the same again.
 */
export async function confirmReservation(
  db: Db,
  merchantId: string,
  currency: string,
  id: string,
  idempotencyKey?: string,
): Promise<Confirmed> {
  const scope: IdempotencyScope = { merchantId, scope: `confirm:${id}`, key: idempotencyKey, body: { id } };
  const replay = await claimIdempotency(db, scope);
  if (replay) return replay.body as Confirmed;
  const outcome = await retryOnConflict(() =>
    db.transaction().execute(async (trx) => {
      const replayed = await claimIdempotency(trx, scope, true);
      if (replayed) return replayed.body as Confirmed;
      const r = await lockReservation(trx, merchantId, id);
      if (r.status === 'confirmed')
        return { id, status: 'confirmed', orderId: r.order_id!, total: r.total } as Confirmed;
      if (r.status === 'cancelled') return 'cancelled' as const;
      if (r.status === 'expired' || r.expires_at.getTime() <= Date.now()) {
        await expireLapsed(trx, merchantId, [id]);
        return 'expired' as const;
      }
      const body = await placeOrder(trx, merchantId, currency, r);
      await saveIdempotency(trx, scope, 200, body);
      return body;
    }),
  );
  if (outcome === 'expired') throw new AppError('reservation_expired', `reservation ${id} expired; reserve again`);
  if (outcome === 'cancelled') throw new AppError('reservation_not_held', `reservation ${id} was cancelled`);
  return outcome;
}

async function placeOrder(trx: Db, merchantId: string, currency: string, r: ReservationRow): Promise<Confirmed> {
  const quote = r.quote as Quote;
  const orderId = newId();
  const sold = emptyDelta();
  await collectRelease(trx, [r.id], new Map([[r.id, r.customer_id]]), sold, 1);
  const costs = new Map<string, number>();
  for (const sku of [...sold.skus.keys()].sort()) {
    const q = sold.skus.get(sku)!;
    const row = await sql<{ unit_cost: number; on_hand: number; low_stock_threshold: number | null }>`
      update products set on_hand = on_hand - ${q}, reserved = reserved - ${q}, updated_at = now()
      where merchant_id = ${merchantId} and sku = ${sku} returning unit_cost, on_hand, low_stock_threshold`.execute(
      trx,
    );
    const p = row.rows[0]!;
    costs.set(sku, p.unit_cost);
    await announceLowStock(trx, merchantId, sku, p.on_hand + q, p.on_hand, p.low_stock_threshold);
    await trx
      .insertInto('stock_movements')
      .values({ merchant_id: merchantId, sku, delta: -q, reason: 'sale', ref: orderId })
      .execute();
  }
  const lineBySku = new Map(quote.lines.map((l) => [l.sku, l]));
  for (const a of quote.applied.filter((x) => x.units > 0).sort((x, y) => (x.promotionId < y.promotionId ? -1 : 1))) {
    let revenue = 0;
    for (const [sku, units] of Object.entries(a.unitsBySku)) {
      const line = lineBySku.get(sku);
      if (line) revenue += Math.floor((line.total * units) / line.quantity);
    }
    const counters = await sql<{ units_sold: number; stock_cap: number | null }>`
      update promotions set units_reserved = units_reserved - ${a.units}, units_sold = units_sold + ${a.units},
        revenue = revenue + ${revenue}, discount_given = discount_given + ${a.amount}, updated_at = now()
      where merchant_id = ${merchantId} and id = ${a.promotionId} returning units_sold, stock_cap`.execute(trx);
    const c = counters.rows[0];
    if (c && c.stock_cap !== null && c.units_sold >= c.stock_cap) {
      const data = { promotionId: a.promotionId, reason: 'cap', unitsSold: c.units_sold };
      await emitEvent(trx, merchantId, 'promotion.sold_out', data, `promotion.sold_out:${a.promotionId}:cap`);
    }
    if (r.customer_id) {
      await sql`update promotion_customer_usage set units_reserved = units_reserved - ${a.units}, units_sold = units_sold + ${a.units}
        where promotion_id = ${a.promotionId} and customer_id = ${r.customer_id}`.execute(trx);
    }
  }
  await trx
    .insertInto('orders')
    .values({
      id: orderId,
      merchant_id: merchantId,
      reservation_id: r.id,
      customer_id: r.customer_id,
      currency,
      subtotal: quote.subtotal,
      discount_total: quote.discountTotal,
      total: quote.total,
    })
    .execute();
  await trx
    .insertInto('order_lines')
    .values(
      quote.lines.map((l) => ({
        order_id: orderId,
        merchant_id: merchantId,
        sku: l.sku,
        quantity: l.quantity,
        list_price: l.listPrice,
        unit_price: l.unitPrice,
        unit_cost: costs.get(l.sku) ?? 0,
        total: l.total,
        discounts: JSON.stringify(l.discounts),
        floor_clamped: l.floorClamped,
      })),
    )
    .execute();
  const applied = quote.applied.filter((a) => a.units > 0);
  if (applied.length > 0) {
    await trx
      .insertInto('order_promotions')
      .values(
        applied.map((a) => ({
          order_id: orderId,
          merchant_id: merchantId,
          promotion_id: a.promotionId,
          units: a.units,
          amount: a.amount,
          units_by_sku: JSON.stringify(a.unitsBySku),
        })),
      )
      .execute();
  }
  await trx
    .updateTable('reservations')
    .set({ status: 'confirmed', order_id: orderId, updated_at: sql<Date>`now()` })
    .where('id', '=', r.id)
    .execute();
  await emitEvent(trx, merchantId, 'order.confirmed', {
    orderId,
    reservationId: r.id,
    customerId: r.customer_id,
    total: quote.total,
    lines: quote.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, total: l.total })),
  });
  return { id: r.id, status: 'confirmed', orderId, total: quote.total };
}
