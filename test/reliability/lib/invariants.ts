import { sql } from 'kysely';
import type { Db } from '../../../src/db/database.ts';

/**
 * The stock and cap books must balance, whatever happened (concurrency, restarts, kills). Each query returns the rows
 * that break one rule; the result lists every violation found (empty when the books balance).
 */
const RULES: [string, string][] = [
  [
    'products.reserved = sum of live holds',
    `select p.merchant_id, p.sku, p.reserved, coalesce(h.n, 0) as holds
     from products p left join (select merchant_id, sku, sum(quantity) n from holds group by 1, 2) h
       on h.merchant_id = p.merchant_id and h.sku = p.sku
     where p.reserved <> coalesce(h.n, 0)`,
  ],
  [
    'products.on_hand = sum of the stock ledger',
    `select p.merchant_id, p.sku, p.on_hand, coalesce(m.n, 0) as ledger
     from products p left join (select merchant_id, sku, sum(delta) n from stock_movements group by 1, 2) m
       on m.merchant_id = p.merchant_id and m.sku = p.sku
     where p.on_hand <> coalesce(m.n, 0)`,
  ],
  [
    '0 <= reserved <= on_hand',
    `select merchant_id, sku, on_hand, reserved from products where reserved < 0 or reserved > on_hand`,
  ],
  [
    'a held reservation holds exactly its lines',
    `select r.id from reservations r where r.status = 'held' and (
       exists (select sku, quantity from reservation_lines where reservation_id = r.id
               except select sku, quantity from holds where reservation_id = r.id)
       or exists (select sku, quantity from holds where reservation_id = r.id
               except select sku, quantity from reservation_lines where reservation_id = r.id)
       or not exists (select 1 from reservation_lines where reservation_id = r.id))`,
  ],
  [
    'only held reservations hold stock',
    `select h.reservation_id, r.status from holds h left join reservations r on r.id = h.reservation_id
     where r.status is distinct from 'held'`,
  ],
  [
    'promotions.units_reserved = units of held reservations',
    `select p.id, p.units_reserved, coalesce(x.n, 0) as held from promotions p left join (
       select rp.promotion_id, sum(rp.units) n from reservation_promotions rp
       join reservations r on r.id = rp.reservation_id where r.status = 'held' group by 1) x on x.promotion_id = p.id
     where p.units_reserved <> coalesce(x.n, 0)`,
  ],
  [
    'promotions.units_sold = units of orders',
    `select p.id, p.units_sold, coalesce(x.n, 0) as sold from promotions p left join (
       select promotion_id, sum(units) n from order_promotions group by 1) x on x.promotion_id = p.id
     where p.units_sold <> coalesce(x.n, 0)`,
  ],
  [
    'a promotion never sells past its cap',
    `select id, stock_cap, units_reserved, units_sold from promotions
     where stock_cap is not null and units_reserved + units_sold > stock_cap`,
  ],
  [
    'per-customer usage = held + sold units of that customer',
    `select u.promotion_id, u.customer_id, u.units_reserved, u.units_sold, coalesce(h.n, 0) as held, coalesce(s.n, 0) as sold
     from promotion_customer_usage u
     left join (select rp.promotion_id, r.customer_id, sum(rp.units) n from reservation_promotions rp
                join reservations r on r.id = rp.reservation_id where r.status = 'held' group by 1, 2) h
       on h.promotion_id = u.promotion_id and h.customer_id = u.customer_id
     left join (select op.promotion_id, o.customer_id, sum(op.units) n from order_promotions op
                join orders o on o.id = op.order_id group by 1, 2) s
       on s.promotion_id = u.promotion_id and s.customer_id = u.customer_id
     where u.units_reserved <> coalesce(h.n, 0) or u.units_sold <> coalesce(s.n, 0)`,
  ],
  [
    'per-customer limits hold',
    `select u.promotion_id, u.customer_id from promotion_customer_usage u join promotions p on p.id = u.promotion_id
     where p.per_customer_limit is not null and u.units_reserved + u.units_sold > p.per_customer_limit`,
  ],
  [
    'a confirmed reservation has exactly one order, at its total',
    `select r.id from reservations r where r.status = 'confirmed' and (
       (select count(*) from orders o where o.reservation_id = r.id) <> 1
       or (select total from orders o where o.id = r.order_id) is distinct from r.total)`,
  ],
  [
    'an order is the sum of its lines',
    `select o.id from orders o where o.total <> (select coalesce(sum(total), 0) from order_lines l where l.order_id = o.id)`,
  ],
];

export async function violations(db: Db): Promise<string[]> {
  const out: string[] = [];
  for (const [rule, query] of RULES) {
    const rows = await sql.raw<Record<string, unknown>>(query).execute(db);
    if (rows.rows.length > 0) out.push(`${rule}: ${JSON.stringify(rows.rows.slice(0, 5))} (${rows.rows.length} rows)`);
  }
  return out;
}
