import { sql } from 'kysely';
import type { Quote } from '../domain/pricing/types.ts';
import type { Db } from './database.ts';
import { emitEvent, eventIds } from './events.ts';
import { takeHolds } from './holds.ts';
import { newId } from './ids.ts';
import { announceLowStock } from './products.ts';
import type { ReservationRow } from './schema.ts';

export interface Confirmed {
  id: string;
  status: 'confirmed';
  orderId: string;
  total: number;
}

/**
 * Turns a locked, held reservation into an order, in the caller's transaction: its holds become a `sale` movement
 * (stock leaves `onHand`), promotion and customer counters move from reserved to sold, and the order keeps each line
 * as charged (the quote at reservation time) with its unit cost now. Announces `order.confirmed`, and
 * `promotion.sold_out` for a cap this sale reaches. Row locks follow the hold order (products by SKU, promotions by
 * id).
 */
export async function placeOrder(trx: Db, merchantId: string, currency: string, r: ReservationRow): Promise<Confirmed> {
  const quote = r.quote as Quote;
  const orderId = newId();
  const sold = await takeHolds(trx, r.id);
  const costs = new Map<string, number>();
  for (const sku of [...sold.keys()].sort()) {
    const q = sold.get(sku)!;
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
      await emitEvent(trx, merchantId, 'promotion.sold_out', data, eventIds.capSoldOut(a.promotionId));
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

/** Order lines of `skus` since `since`, per SKU: the sales history the planner estimates demand from. */
export async function orderHistory(db: Db, merchantId: string, skus: string[], since: Date) {
  const rows = await db
    .selectFrom('order_lines')
    .select(['sku', 'created_at', 'unit_price', 'list_price', 'quantity'])
    .where('merchant_id', '=', merchantId)
    .where('sku', '=', sql<string>`any(${sql.val(skus)}::text[])`)
    .where('created_at', '>=', since)
    .execute();
  const out = new Map<string, { createdAt: Date; unitPrice: number; listPrice: number; quantity: number }[]>();
  for (const r of rows) {
    const list = out.get(r.sku) ?? [];
    list.push({ createdAt: r.created_at, unitPrice: r.unit_price, listPrice: r.list_price, quantity: r.quantity });
    out.set(r.sku, list);
  }
  return out;
}
