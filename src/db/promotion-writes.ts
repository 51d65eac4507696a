import { sql } from 'kysely';
import type { PromotionInput } from '../domain/pricing/index.ts';
import type { Db } from './database.ts';
import { PROMOTION_COLUMNS } from './promotions.ts';
import type { PromotionRow } from './schema.ts';

/**
 * Writing promotion rows. Every write bumps `version` (event ids of a merchant's pause, resume or end carry it) and is
 * the caller's to follow with `notifyPromotionsChanged` in the same transaction.
 */

/** The `promotions` row columns a promotion body maps to (everything kind-specific goes to `definition`). */
export function promotionColumns(input: PromotionInput) {
  const definition: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v !== undefined && v !== null && !(PROMOTION_COLUMNS as readonly string[]).includes(k)) definition[k] = v;
  }
  return {
    name: input.name,
    kind: input.kind,
    definition: JSON.stringify(definition),
    starts_at: input.startsAt,
    ends_at: input.endsAt ?? null,
    priority: input.priority ?? 0,
    stock_cap: input.stockCap ?? null,
    per_customer_limit: input.perCustomerLimit ?? null,
  };
}

export async function insertPromotion(
  trx: Db,
  merchantId: string,
  id: string,
  input: PromotionInput,
): Promise<PromotionRow> {
  return trx
    .insertInto('promotions')
    .values({ id, merchant_id: merchantId, ...promotionColumns(input) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Replaces the merchant's definition (a PATCH, already merged and checked) or moves its state (pause, resume, end). */
export async function updatePromotionRow(
  trx: Db,
  merchantId: string,
  id: string,
  change: { definition: PromotionInput } | { state: PromotionRow['state'] },
): Promise<PromotionRow> {
  const set = 'definition' in change ? promotionColumns(change.definition) : { state: change.state };
  return trx
    .updateTable('promotions')
    .set({ ...set, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
    .where('merchant_id', '=', merchantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
