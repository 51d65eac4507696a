import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { expireLapsedOnSkus } from '../db/holds.ts';
import type { ImportError } from '../db/schema-jobs.ts';
import { MAX_UNIT_PRICE } from '../domain/money.ts';

/** The header row a product import must start with (README, CSV import). */
export const PRODUCT_COLUMNS = ['sku', 'name', 'listPrice', 'unitCost', 'tags', 'onHand'] as const;

export interface ProductRowInput {
  row: number;
  sku: string;
  name: string;
  listPrice: number;
  unitCost: number;
  tags: string[];
  onHand: number;
}

const SKU = /^[A-Za-z0-9._-]{1,64}$/;
const TAG = /^[^,;\s]{1,64}$/;

/** Same bounds as the API: unit prices up to MAX_UNIT_PRICE, stock up to a movement's largest delta. */
const MAX_ON_HAND = 1_000_000_000;

function amount(raw: string, field: string, max: number): number | string {
  const t = raw.trim();
  if (!/^\d{1,16}$/.test(t) || Number(t) > max) return `${field} must be a whole number from 0 to ${max}, got "${raw}"`;
  return Number(t);
}

/** Validates one CSV record (`row` counts the header as row 1, like a spreadsheet); a string is the reason it is bad. */
export function parseProductRow(record: string[], row: number): ProductRowInput | string {
  if (record.length !== PRODUCT_COLUMNS.length) {
    return `expected ${PRODUCT_COLUMNS.length} columns (${PRODUCT_COLUMNS.join(',')}), got ${record.length}`;
  }
  const [sku, name, listPrice, unitCost, tags, onHand] = record.map((v) => v.trim()) as [string, ...string[]];
  if (!SKU.test(sku)) return `sku must be 1..64 of [A-Za-z0-9._-], got "${sku}"`;
  if (name!.length === 0 || name!.length > 200) return 'name must be 1..200 characters';
  const lp = amount(listPrice!, 'listPrice', MAX_UNIT_PRICE);
  if (typeof lp === 'string') return lp;
  const uc = amount(unitCost!, 'unitCost', MAX_UNIT_PRICE);
  if (typeof uc === 'string') return uc;
  const oh = amount(onHand!, 'onHand', MAX_ON_HAND);
  if (typeof oh === 'string') return oh;
  const tagList = [
    ...new Set(
      tags!
        .split(';')
        .map((t) => t.trim())
        .filter((t) => t !== ''),
    ),
  ];
  const badTag = tagList.find((t) => !TAG.test(t));
  if (badTag !== undefined) return `tag "${badTag}" must be 1..64 characters without commas, semicolons or spaces`;
  if (tagList.length > 50) return 'at most 50 tags';
  return { row, sku, name: name!, listPrice: lp, unitCost: uc, tags: tagList, onHand: oh };
}

/**
 * Applies one batch of valid rows (distinct SKUs) in the caller's transaction: products are upserted (description and
 * prices; floors and margins kept), and stock is set to `onHand` through an `adjustment` movement of the difference.
 * A row whose `onHand` is below the units held by live reservations is refused and returned as an error.
 */
export async function applyProductRows(
  trx: Db,
  merchantId: string,
  importId: string,
  rows: ProductRowInput[],
): Promise<{ applied: number; errors: ImportError[] }> {
  if (rows.length === 0) return { applied: 0, errors: [] };
  const skus = rows.map((r) => r.sku).sort();
  await expireLapsedOnSkus(trx, merchantId, skus);
  const current = await trx
    .selectFrom('products')
    .select(['sku', 'on_hand', 'reserved'])
    .where('merchant_id', '=', merchantId)
    .where('sku', '=', sql<string>`any(${sql.val(skus)}::text[])`)
    .orderBy('sku')
    .forUpdate()
    .execute();
  const bySku = new Map(current.map((c) => [c.sku, c]));
  const errors: ImportError[] = [];
  const good = rows.filter((r) => {
    const reserved = bySku.get(r.sku)?.reserved ?? 0;
    if (r.onHand >= reserved) return true;
    errors.push({ row: r.row, message: `onHand ${r.onHand} is below the ${reserved} units held by reservations` });
    return false;
  });
  if (good.length === 0) return { applied: 0, errors };
  const products = good.map((r) => ({
    sku: r.sku,
    name: r.name,
    list_price: r.listPrice,
    unit_cost: r.unitCost,
    tags: r.tags,
  }));
  await sql`
    insert into products (merchant_id, sku, name, list_price, unit_cost, tags)
    select ${merchantId}, x.sku, x.name, x.list_price, x.unit_cost, x.tags
    from jsonb_to_recordset(${JSON.stringify(products)}::jsonb)
      as x(sku text, name text, list_price bigint, unit_cost bigint, tags text[])
    on conflict (merchant_id, sku) do update set name = excluded.name, list_price = excluded.list_price,
      unit_cost = excluded.unit_cost, tags = excluded.tags, updated_at = now()`.execute(trx);
  const moves = good
    .map((r) => ({ sku: r.sku, delta: r.onHand - (bySku.get(r.sku)?.on_hand ?? 0), note: `import row ${r.row}` }))
    .filter((m) => m.delta !== 0);
  if (moves.length > 0) {
    const json = JSON.stringify(moves);
    await sql`
      insert into stock_movements (merchant_id, sku, delta, reason, note, ref)
      select ${merchantId}, x.sku, x.delta, 'adjustment', x.note, ${`import:${importId}`}
      from jsonb_to_recordset(${json}::jsonb) as x(sku text, delta bigint, note text)`.execute(trx);
    await sql`
      update products p set on_hand = p.on_hand + x.delta, updated_at = now()
      from jsonb_to_recordset(${json}::jsonb) as x(sku text, delta bigint)
      where p.merchant_id = ${merchantId} and p.sku = x.sku`.execute(trx);
  }
  return { applied: good.length, errors };
}
