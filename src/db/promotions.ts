import { sql } from 'kysely';
import type { Promotion } from '../domain/pricing/types.ts';
import type { Db } from './database.ts';
import type { PromotionRow } from './schema.ts';

/** Channel on which promotion writes announce `merchantId`, so every process drops its cached index. */
export const PROMOTIONS_CHANNEL = 'promotions';

/** Columns stored outside `definition`; everything else the merchant sent lives in `definition`. */
export const PROMOTION_COLUMNS = [
  'name',
  'kind',
  'startsAt',
  'endsAt',
  'priority',
  'stockCap',
  'perCustomerLimit',
] as const;

export function rowToPromotion(row: PromotionRow): Promotion {
  const d = row.definition as Partial<Promotion>;
  return {
    ...d,
    id: row.id,
    name: row.name,
    kind: row.kind as Promotion['kind'],
    startsAt: row.starts_at.getTime(),
    endsAt: row.ends_at ? row.ends_at.getTime() : null,
    stockCap: row.stock_cap,
    perCustomerLimit: row.per_customer_limit,
    priority: row.priority,
    onFloorBreach: d.onFloorBreach ?? 'reject',
    state: row.state,
    createdAt: row.created_at.getTime(),
  };
}

/** Promotions that can still price something: not ended by the merchant and not past their end. */
export async function loadLivePromotions(db: Db, merchantId: string): Promise<PromotionRow[]> {
  return db
    .selectFrom('promotions')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('state', '!=', 'ended')
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', sql<Date>`now()`)]))
    .execute();
}

/**
 * One page (by id, after `after`) of promotions, across merchants unless filtered, that may still have a boundary to
 * announce: not ended by the merchant, and not past their end before `endedSince`. The worker schedules from these.
 */
export async function pageSchedulable(
  db: Db,
  filter: { merchantId?: string; promotionId?: string },
  page: { endedSince: Date; after: string; limit: number },
): Promise<PromotionRow[]> {
  let q = db
    .selectFrom('promotions')
    .selectAll()
    .where('state', '!=', 'ended')
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', page.endedSince)]));
  if (filter.merchantId) q = q.where('merchant_id', '=', filter.merchantId);
  if (filter.promotionId) q = q.where('id', '=', filter.promotionId);
  return q.where('id', '>', page.after).orderBy('id').limit(page.limit).execute();
}

/**
 * One promotion of the merchant. With `lock`, its row is locked for the rest of the caller's transaction, FOR NO KEY
 * UPDATE like the UPDATE that follows: carts being held take KEY SHARE locks on the row (foreign keys of their
 * promotion units) before they update its counters, and a FOR UPDATE queued behind those made deadlocks.
 */
export async function findPromotionRow(
  db: Db,
  merchantId: string,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<PromotionRow | undefined> {
  const q = db.selectFrom('promotions').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id);
  return (opts.lock ? q.forNoKeyUpdate() : q).executeTakeFirst();
}

/** Units sold or held under each promotion (for stock caps). */
export async function capUsage(db: Db, merchantId: string, ids: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('promotions')
    .select(['id', sql<number>`units_reserved + units_sold`.as('used')])
    .where('merchant_id', '=', merchantId)
    .where('id', '=', sql<string>`any(${sql.val(ids)}::text[])`)
    .execute();
  for (const r of rows) out.set(r.id, Number(r.used));
  return out;
}

/** Units sold or held under each promotion by one customer (for per-customer limits). */
export async function customerUsage(
  db: Db,
  merchantId: string,
  customerId: string,
  ids: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('promotion_customer_usage')
    .select(['promotion_id', sql<number>`units_reserved + units_sold`.as('used')])
    .where('merchant_id', '=', merchantId)
    .where('customer_id', '=', customerId)
    .where('promotion_id', '=', sql<string>`any(${sql.val(ids)}::text[])`)
    .execute();
  for (const r of rows) out.set(r.promotion_id, Number(r.used));
  return out;
}

/** Announces a promotion change to every process (delivered when the caller's transaction commits). */
export async function notifyPromotionsChanged(trx: Db, merchantId: string): Promise<void> {
  await sql`select pg_notify(${PROMOTIONS_CHANNEL}, ${merchantId})`.execute(trx);
}

export type StatusFilter = 'scheduled' | 'active' | 'paused' | 'ended';

/** The merchant's promotions in creation order, filtered by the status `stateAt` would give now. */
export async function listPromotionRows(
  db: Db,
  merchantId: string,
  opts: { status?: StatusFilter; after?: [string, string] | null; limit: number },
): Promise<PromotionRow[]> {
  let q = db.selectFrom('promotions').selectAll().where('merchant_id', '=', merchantId);
  const notEnded = sql<boolean>`(state != 'ended' and (ends_at is null or ends_at > now()))`;
  if (opts.status === 'ended') q = q.where(sql<boolean>`not ${notEnded}`);
  if (opts.status === 'paused') q = q.where(notEnded).where('state', '=', 'paused');
  if (opts.status === 'scheduled')
    q = q.where(notEnded).where('state', '=', 'active').where('starts_at', '>', sql<Date>`now()`);
  if (opts.status === 'active')
    q = q.where(notEnded).where('state', '=', 'active').where('starts_at', '<=', sql<Date>`now()`);
  if (opts.after) {
    const [at, id] = opts.after;
    q = q.where(sql<boolean>`(created_at, id) > (${at}::timestamptz, ${id})`);
  }
  return q
    .orderBy('created_at')
    .orderBy('id')
    .limit(opts.limit + 1)
    .execute();
}

/** Products a promotion reaches through its SKUs and tags, with what the margin guard needs. */
export async function findTargetProducts(db: Db, merchantId: string, skus: readonly string[], tags: readonly string[]) {
  if (skus.length === 0 && tags.length === 0) return [];
  return db
    .selectFrom('products')
    .innerJoin('merchants', 'merchants.id', 'products.merchant_id')
    .selectAll('products')
    .select('merchants.default_min_margin_bps')
    .where('products.merchant_id', '=', merchantId)
    .where((eb) =>
      eb.or([
        eb('products.sku', '=', sql<string>`any(${sql.val([...skus])}::text[])`),
        eb(sql<boolean>`products.tags && ${sql.val([...tags])}::text[]`, '=', true),
      ]),
    )
    .execute();
}
