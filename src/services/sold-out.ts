import { sql } from 'kysely';
import { emitEvent, eventIds } from '../db/events.ts';
import { loadLivePromotions, rowToPromotion } from '../db/promotions.ts';
import { stateAt } from '../domain/pricing/time.ts';
import type { DbContext } from './context.ts';
import { reaches } from './lifecycle.ts';

/**
 * After a sale: every SKU of `skus` whose stock reached zero is announced as `promotion.sold_out` (reason `stock`) for
 * each live promotion that reaches it. The id names the SKU's last ledger entry, so one stock-out is announced once
 * however often this runs, and a SKU restocked and sold out again is announced again. (Cap sell-outs are announced by
 * the confirming transaction itself.)
 */
export async function announceStockSoldOut(
  ctx: DbContext,
  merchantId: string,
  { skus, now }: { skus: string[]; now: number },
): Promise<number> {
  const { db } = ctx;
  if (skus.length === 0) return 0;
  const empty = await db
    .selectFrom('products')
    .select(['sku', 'tags'])
    .select((eb) =>
      eb
        .selectFrom('stock_movements as m')
        .select(sql<number>`max(m.id)`.as('last'))
        .whereRef('m.merchant_id', '=', 'products.merchant_id')
        .whereRef('m.sku', '=', 'products.sku')
        .as('last_movement'),
    )
    .where('merchant_id', '=', merchantId)
    .where('sku', '=', sql<string>`any(${sql.val(skus)}::text[])`)
    .where('on_hand', '<=', 0)
    .execute();
  if (empty.length === 0) return 0;
  const promotions = (await loadLivePromotions(db, merchantId))
    .map(rowToPromotion)
    .filter((p) => stateAt(p, now) === 'active');
  let announced = 0;
  await db.transaction().execute(async (trx) => {
    for (const product of empty) {
      for (const p of promotions) {
        if (!reaches(p, product)) continue;
        const data = { promotionId: p.id, reason: 'stock', sku: product.sku };
        const id = eventIds.stockSoldOut(p.id, product.sku, product.last_movement ?? 0);
        if (await emitEvent(trx, merchantId, 'promotion.sold_out', data, id)) announced++;
      }
    }
  });
  return announced;
}
