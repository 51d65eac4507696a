import { sql } from 'kysely';
import type { Db } from './database.ts';

export interface SkuSellThrough {
  sku: string;
  startOnHand: number;
  unitsSold: number;
  sellThroughBps: number;
  revenue: number;
  discountGiven: number;
  grossMargin: number;
}

export interface Window {
  merchantId: string;
  from: Date;
  to: Date;
  /** Restricts `discountGiven` to this promotion's share of the discounts. */
  promotionId: string | null;
}

/** SKUs sold in the window (under the promotion, when given). */
export async function soldSkus(db: Db, w: Window): Promise<string[]> {
  const rows = w.promotionId
    ? await sql<{ sku: string }>`
        select distinct k.sku from order_promotions op, jsonb_object_keys(op.units_by_sku) as k(sku)
        where op.merchant_id = ${w.merchantId} and op.promotion_id = ${w.promotionId}
          and op.created_at >= ${w.from} and op.created_at < ${w.to}`.execute(db)
    : await sql<{ sku: string }>`
        select distinct sku from order_lines
        where merchant_id = ${w.merchantId} and created_at >= ${w.from} and created_at < ${w.to}`.execute(db);
  return rows.rows.map((r) => r.sku);
}

/**
 * Per SKU over `[from, to)`: stock at `from` (the ledger), units sold, revenue and cost (order lines),
 * discount given, and sell-through = unitsSold / (startOnHand + units received in the window), in basis points.
 */
export async function sellThroughBySku(db: Db, w: Window, skus: string[]): Promise<SkuSellThrough[]> {
  if (skus.length === 0) return [];
  const discount = w.promotionId
    ? sql`(select coalesce(sum((d->>'amount')::bigint), 0) from jsonb_array_elements(l.discounts) d
           where d->>'promotionId' = ${w.promotionId})`
    : sql`(l.quantity * l.list_price - l.total)`;
  const res = await sql<{
    sku: string;
    start_on_hand: number;
    received: number;
    units: number;
    revenue: number;
    discount: number;
    cost: number;
  }>`
    with s as (select unnest(${sql.val(skus)}::text[]) as sku),
    ledger as (
      select m.sku,
        coalesce(sum(m.delta) filter (where m.created_at < ${w.from}), 0) as start_on_hand,
        coalesce(sum(m.delta) filter (where m.reason = 'receipt' and m.created_at >= ${w.from}
          and m.created_at < ${w.to}), 0) as received
      from stock_movements m
      where m.merchant_id = ${w.merchantId} and m.sku = any(${sql.val(skus)}::text[]) and m.created_at < ${w.to}
      group by m.sku),
    sales as (
      select l.sku, sum(l.quantity) as units, sum(l.total) as revenue, sum(${discount}) as discount,
        sum(l.quantity * l.unit_cost) as cost
      from order_lines l
      where l.merchant_id = ${w.merchantId} and l.sku = any(${sql.val(skus)}::text[])
        and l.created_at >= ${w.from} and l.created_at < ${w.to}
      group by l.sku)
    select s.sku, coalesce(ledger.start_on_hand, 0)::bigint as start_on_hand, coalesce(ledger.received, 0)::bigint as received,
      coalesce(sales.units, 0)::bigint as units, coalesce(sales.revenue, 0)::bigint as revenue,
      coalesce(sales.discount, 0)::bigint as discount, coalesce(sales.cost, 0)::bigint as cost
    from s left join ledger on ledger.sku = s.sku left join sales on sales.sku = s.sku
    order by s.sku`.execute(db);
  return res.rows.map((r) => {
    const base = r.start_on_hand + Math.max(0, r.received);
    return {
      sku: r.sku,
      startOnHand: r.start_on_hand,
      unitsSold: r.units,
      sellThroughBps: base > 0 ? Math.floor((r.units * 10000 + Math.floor(base / 2)) / base) : 0,
      revenue: r.revenue,
      discountGiven: r.discount,
      grossMargin: r.revenue - r.cost,
    };
  });
}

/** Units and revenue per local day (the merchant's timezone) over the window, days without sales omitted. */
export async function dailySales(db: Db, w: Window, skus: string[], timezone: string) {
  if (skus.length === 0) return [];
  const res = await sql<{ day: string; units: number; revenue: number }>`
    select to_char((l.created_at at time zone ${timezone})::date, 'YYYY-MM-DD') as day,
      sum(l.quantity)::bigint as units, sum(l.total)::bigint as revenue
    from order_lines l
    where l.merchant_id = ${w.merchantId} and l.sku = any(${sql.val(skus)}::text[])
      and l.created_at >= ${w.from} and l.created_at < ${w.to}
    group by 1 order by 1`.execute(db);
  return res.rows;
}

/** Stores one local day's per-SKU sales and closing stock; re-running a day replaces its rows. */
export async function snapshotDay(db: Db, merchantId: string, day: string, timezone: string): Promise<number> {
  const res = await sql`
    with bounds as (
      select (${day}::date::timestamp at time zone ${timezone}) as start,
             ((${day}::date + 1)::timestamp at time zone ${timezone}) as stop),
    sales as (
      select l.sku, sum(l.quantity) as units, sum(l.total) as revenue,
        sum(l.quantity * l.list_price - l.total) as discount, sum(l.quantity * l.unit_cost) as cost
      from order_lines l, bounds b
      where l.merchant_id = ${merchantId} and l.created_at >= b.start and l.created_at < b.stop
      group by l.sku)
    insert into sell_through_daily (merchant_id, day, sku, units_sold, revenue, discount_given, cost, on_hand_end)
    select ${merchantId}, ${day}::date, s.sku, s.units, s.revenue, s.discount, s.cost,
      (select coalesce(sum(m.delta), 0) from stock_movements m, bounds b
       where m.merchant_id = ${merchantId} and m.sku = s.sku and m.created_at < b.stop)
    from sales s
    on conflict (merchant_id, day, sku) do update set units_sold = excluded.units_sold, revenue = excluded.revenue,
      discount_given = excluded.discount_given, cost = excluded.cost, on_hand_end = excluded.on_hand_end,
      created_at = now()`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}
