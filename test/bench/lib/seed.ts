import { sql } from 'kysely';
import type { Db } from '../../../src/db/database.ts';
import { newId } from '../../../src/db/ids.ts';
import { promotionColumns } from '../../../src/db/promotion-writes.ts';
import { validatePromotion } from '../../../src/domain/pricing/index.ts';
import { generatePromotions, tagCount } from './generate.ts';

/** Bulk-loads `count` products (the same ones `generate.ts` describes) with `onHand` each, ledger included. */
export async function seedProducts(db: Db, merchantId: string, count: number, onHand: number): Promise<void> {
  const tags = tagCount(count);
  for (let from = 0; from < count; from += 50_000) {
    const to = Math.min(count, from + 50_000) - 1;
    await sql`
      insert into products (merchant_id, sku, name, list_price, unit_cost, tags, on_hand)
      select ${merchantId}, 'S' || lpad(i::text, 7, '0'), 'Product ' || i,
             500 + ((i::bigint * 7919) % 20000), floor((500 + ((i::bigint * 7919) % 20000)) * 0.35),
             array['t' || (i % ${tags}), 't' || ((i::bigint * 7 + 3) % ${tags})], ${onHand}
      from generate_series(${from}::int, ${to}::int) i`.execute(db);
    await sql`
      insert into stock_movements (merchant_id, sku, delta, reason, note)
      select ${merchantId}, 'S' || lpad(i::text, 7, '0'), ${onHand}, 'receipt', 'bench'
      from generate_series(${from}::int, ${to}::int) i`.execute(db);
  }
  // Fresh statistics, as autovacuum would gather soon after a real bulk load.
  await sql`analyze products`.execute(db);
  await sql`analyze stock_movements`.execute(db);
}

/** Inserts `count` valid live promotions of every kind (refuses to seed an invalid one). */
export async function seedPromotions(db: Db, merchantId: string, count: number, skus: number): Promise<void> {
  const inputs = generatePromotions(count, skus);
  for (const [i, p] of inputs.entries()) {
    const issues = validatePromotion(p);
    if (issues.length > 0) throw new Error(`generated promotion ${i} is invalid: ${JSON.stringify(issues)}`);
  }
  for (let i = 0; i < inputs.length; i += 500) {
    const rows = inputs
      .slice(i, i + 500)
      .map((p) => ({ id: newId(), merchant_id: merchantId, ...promotionColumns(p) }));
    await db.insertInto('promotions').values(rows).execute();
  }
  await sql`analyze promotions`.execute(db);
  await sql`select pg_notify('promotions', ${merchantId})`.execute(db);
}
