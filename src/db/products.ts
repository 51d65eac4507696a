import { sql } from 'kysely';
import { effectiveFloor } from '../domain/floor.ts';
import type { Db } from './database.ts';
import { emitEvent } from './events.ts';
import type { ProductRow } from './schema.ts';

export interface ProductInput {
  name: string;
  listPrice: number;
  unitCost: number;
  tags?: string[];
  minMarginBps?: number | null;
  lowStockThreshold?: number | null;
  floorPrice?: number | null;
}

export interface Stock {
  onHand: number;
  reserved: number;
  available: number;
}

export interface Product {
  sku: string;
  name: string;
  listPrice: number;
  unitCost: number;
  tags: string[];
  minMarginBps: number | null;
  lowStockThreshold: number | null;
  floorPrice: number | null;
  /** Effective margin floor (docs/pricing.md, floors). */
  floor: number;
  stock: Stock;
}

/** A product row joined with its merchant's default margin, which its floor depends on. */
export type ProductWithDefaults = ProductRow & { default_min_margin_bps: number };

export function rowToProduct(row: ProductWithDefaults): Product {
  return {
    sku: row.sku,
    name: row.name,
    listPrice: row.list_price,
    unitCost: row.unit_cost,
    tags: row.tags,
    minMarginBps: row.min_margin_bps,
    lowStockThreshold: row.low_stock_threshold,
    floorPrice: row.floor_price,
    floor: floorOfRow(row),
    stock: { onHand: row.on_hand, reserved: row.reserved, available: row.on_hand - row.reserved },
  };
}

/** The columns pricing reads: no names, no timestamps (a storefront prices hundreds of SKUs per request). */
export type PricingRow = Pick<
  ProductWithDefaults,
  | 'sku'
  | 'list_price'
  | 'unit_cost'
  | 'tags'
  | 'min_margin_bps'
  | 'floor_price'
  | 'on_hand'
  | 'reserved'
  | 'default_min_margin_bps'
>;

export function floorOfRow(
  row: Pick<PricingRow, 'unit_cost' | 'min_margin_bps' | 'floor_price' | 'default_min_margin_bps'>,
): number {
  return effectiveFloor(
    { unitCost: row.unit_cost, minMarginBps: row.min_margin_bps, floorPrice: row.floor_price },
    row.default_min_margin_bps,
  );
}

function withDefaults(db: Db, merchantId: string) {
  return db
    .selectFrom('products')
    .innerJoin('merchants', 'merchants.id', 'products.merchant_id')
    .selectAll('products')
    .select('merchants.default_min_margin_bps')
    .where('products.merchant_id', '=', merchantId);
}

export async function findProduct(db: Db, merchantId: string, sku: string): Promise<ProductWithDefaults | undefined> {
  return withDefaults(db, merchantId).where('products.sku', '=', sku).executeTakeFirst();
}

/** Every listed SKU in one query (quotes, prices, reservations). Missing SKUs are simply absent. */
export async function findProducts(
  db: Db,
  merchantId: string,
  skus: readonly string[],
): Promise<ProductWithDefaults[]> {
  if (skus.length === 0) return [];
  return withDefaults(db, merchantId)
    .where('products.sku', '=', sql<string>`any(${sql.val(skus)}::text[])`)
    .execute();
}

/**
 * The pricing columns of every listed SKU, in one indexed query. Missing SKUs are simply absent. The rows come back
 * as one JSON array of tuples: parsing it natively costs a third of the CPU of per-row, per-column parsing, which
 * matters when a storefront prices 200 SKUs per page.
 */
export async function findPricingRows(db: Db, merchantId: string, skus: readonly string[]): Promise<PricingRow[]> {
  if (skus.length === 0) return [];
  const res = await sql<{ rows: string | null; margin: number | null }>`
    select (select json_agg(json_build_array(p.sku, p.list_price, p.unit_cost, p.tags, p.min_margin_bps, p.floor_price,
                                             p.on_hand, p.reserved))::text
            from products p where p.merchant_id = ${merchantId} and p.sku = any(${sql.val(skus)}::text[])) as rows,
           (select default_min_margin_bps from merchants where id = ${merchantId}) as margin`.execute(db);
  const { rows, margin } = res.rows[0]!;
  if (!rows) return [];
  type Tuple = [string, number, number, string[], number | null, number | null, number, number];
  return (JSON.parse(rows) as Tuple[]).map((t) => ({
    sku: t[0],
    list_price: t[1],
    unit_cost: t[2],
    tags: t[3],
    min_margin_bps: t[4],
    floor_price: t[5],
    on_hand: t[6],
    reserved: t[7],
    default_min_margin_bps: margin ?? 0,
  }));
}

export async function listProducts(
  db: Db,
  merchantId: string,
  opts: { tag?: string; after?: string | null; limit: number },
): Promise<ProductWithDefaults[]> {
  let q = withDefaults(db, merchantId);
  if (opts.tag) q = q.where(sql<boolean>`products.tags @> array[${opts.tag}]::text[]`);
  if (opts.after) q = q.where('products.sku', '>', opts.after);
  return q
    .orderBy('products.sku')
    .limit(opts.limit + 1)
    .execute();
}

/** Inserts or updates a product's description and prices (never its stock); returns the previous row, if any. */
export async function upsertProduct(
  trx: Db,
  merchantId: string,
  sku: string,
  input: ProductInput,
): Promise<{ before: ProductRow | undefined }> {
  const before = await trx
    .selectFrom('products')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('sku', '=', sku)
    .forUpdate()
    .executeTakeFirst();
  const values = {
    name: input.name,
    list_price: input.listPrice,
    unit_cost: input.unitCost,
    tags: input.tags ?? [],
    min_margin_bps: input.minMarginBps ?? null,
    low_stock_threshold: input.lowStockThreshold ?? null,
    floor_price: input.floorPrice ?? null,
  };
  if (before) {
    await trx
      .updateTable('products')
      .set({ ...values, updated_at: sql<Date>`now()` })
      .where('merchant_id', '=', merchantId)
      .where('sku', '=', sku)
      .execute();
  } else {
    await trx
      .insertInto('products')
      .values({ merchant_id: merchantId, sku, ...values })
      .execute();
  }
  return { before };
}

/** Emits `stock.low` when `onHand` falls from above the product's threshold to it or below. */
export async function announceLowStock(
  trx: Db,
  merchantId: string,
  sku: string,
  before: number,
  after: number,
  threshold: number | null,
): Promise<void> {
  if (threshold === null || after > threshold || before <= threshold) return;
  await emitEvent(trx, merchantId, 'stock.low', { sku, onHand: after, threshold });
}

export interface Movement {
  delta: number;
  reason: string;
  note?: string | null;
  ref?: string | null;
  keyId?: string | null;
}

/**
 * Appends a movement to the ledger and moves `on_hand` with it, unless that would take `on_hand` below `reserved`
 * (or below zero). Returns the new stock, or `null` when refused; the ledger is untouched then.
 */
export async function applyMovement(trx: Db, merchantId: string, sku: string, m: Movement): Promise<Stock | null> {
  const row = await trx
    .updateTable('products')
    .set({ on_hand: sql<number>`on_hand + ${m.delta}`, updated_at: sql<Date>`now()` })
    .where('merchant_id', '=', merchantId)
    .where('sku', '=', sku)
    .where(sql<boolean>`on_hand + ${m.delta} >= reserved`)
    .returning(['on_hand', 'reserved', 'low_stock_threshold'])
    .executeTakeFirst();
  if (!row) return null;
  await announceLowStock(trx, merchantId, sku, row.on_hand - m.delta, row.on_hand, row.low_stock_threshold);
  await trx
    .insertInto('stock_movements')
    .values({
      merchant_id: merchantId,
      sku,
      delta: m.delta,
      reason: m.reason,
      note: m.note ?? null,
      ref: m.ref ?? null,
      key_id: m.keyId ?? null,
    })
    .execute();
  return { onHand: row.on_hand, reserved: row.reserved, available: row.on_hand - row.reserved };
}

export async function listMovements(
  db: Db,
  merchantId: string,
  sku: string,
  opts: { after?: number | null; limit: number },
) {
  let q = db
    .selectFrom('stock_movements')
    .select(['id', 'delta', 'reason', 'note', 'ref', 'key_id', 'created_at'])
    .where('merchant_id', '=', merchantId)
    .where('sku', '=', sku);
  if (opts.after) q = q.where('id', '>', opts.after);
  return q
    .orderBy('id')
    .limit(opts.limit + 1)
    .execute();
}
