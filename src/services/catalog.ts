import { diff, recordAudit } from '../db/audit.ts';
import { expireLapsedOnSkus } from '../db/holds.ts';
import {
  applyMovement,
  findProduct,
  listMovements as movementRows,
  type ProductInput,
  listProducts as productRows,
  rowToProduct,
  type Stock,
  upsertProduct,
} from '../db/products.ts';
import { AppError } from '../domain/errors.ts';
import type { DbContext, ServiceContext } from './context.ts';
import { retryOnConflict } from './retry.ts';

/** Fields whose changes the audit trail keeps. */
const AUDITED = ['name', 'listPrice', 'unitCost', 'tags', 'minMarginBps', 'floorPrice', 'lowStockThreshold'] as const;

/** `PUT /v1/products/{sku}`: creates or replaces a product's description and prices, auditing what changed. */
export async function putProduct(
  ctx: DbContext,
  merchantId: string,
  { keyId, sku, product: input }: { keyId: string | null; sku: string; product: ProductInput },
) {
  const created = await ctx.db.transaction().execute(async (trx) => {
    const { before } = await upsertProduct(trx, merchantId, sku, input);
    const after = {
      name: input.name,
      listPrice: input.listPrice,
      unitCost: input.unitCost,
      tags: input.tags ?? [],
      minMarginBps: input.minMarginBps ?? null,
      lowStockThreshold: input.lowStockThreshold ?? null,
      floorPrice: input.floorPrice ?? null,
    };
    const was = before && {
      name: before.name,
      listPrice: before.list_price,
      unitCost: before.unit_cost,
      tags: before.tags,
      minMarginBps: before.min_margin_bps,
      lowStockThreshold: before.low_stock_threshold,
      floorPrice: before.floor_price,
    };
    const change = diff(was, Object.fromEntries(AUDITED.map((k) => [k, after[k]])));
    if (Object.keys(change).length > 0) {
      await recordAudit(trx, merchantId, 'product', sku, keyId, before ? { update: change } : { create: after });
    }
    return !before;
  });
  return { created, product: rowToProduct((await findProduct(ctx.db, merchantId, sku))!) };
}

export async function getProduct(ctx: DbContext, merchantId: string, sku: string) {
  const row = await findProduct(ctx.db, merchantId, sku);
  if (!row) throw new AppError('not_found', `no product ${sku}`);
  return rowToProduct(row);
}

/** `GET /v1/products`: a page of products by SKU, optionally with one tag. */
export async function listProducts(
  ctx: DbContext,
  merchantId: string,
  page: { tag?: string; after: string | null; limit: number },
) {
  return productRows(ctx.db, merchantId, page);
}

/** `GET /v1/catalog`: what a storefront may show (names and tags, never costs or stock), with the currency. */
export async function listCatalog(
  ctx: ServiceContext,
  merchantId: string,
  page: { tag?: string; after: string | null; limit: number },
) {
  const [rows, currency] = await Promise.all([productRows(ctx.db, merchantId, page), ctx.currencyOf(merchantId)]);
  return { rows: rows.map((r) => ({ sku: r.sku, name: r.name, tags: r.tags })), currency };
}

export interface MovementInput {
  delta: number;
  reason: 'receipt' | 'adjustment' | 'damage' | 'return';
  note?: string;
}

/**
 * Appends a stock movement. Lapsed holds on the SKU are released first (they never block stock); a movement that
 * would still take `onHand` below `reserved` is refused with 409 `stock_conflict` and the ledger is unchanged.
 */
export async function moveStock(
  ctx: DbContext,
  merchantId: string,
  { keyId, sku, movement: m }: { keyId: string | null; sku: string; movement: MovementInput },
): Promise<Stock> {
  const result = await retryOnConflict(() =>
    ctx.db.transaction().execute(async (trx) => {
      await expireLapsedOnSkus(trx, merchantId, [sku]);
      return applyMovement(trx, merchantId, sku, { ...m, keyId });
    }),
  );
  if (result) return result;
  const row = await findProduct(ctx.db, merchantId, sku);
  if (!row) throw new AppError('not_found', `no product ${sku}`);
  throw new AppError(
    'stock_conflict',
    `a movement of ${m.delta} would take onHand (${row.on_hand}) below reserved (${row.reserved})`,
    { sku, onHand: row.on_hand, reserved: row.reserved, delta: m.delta },
  );
}

/** `GET /v1/products/{sku}/stock-movements`: the product's ledger, oldest first; 404 for an unknown SKU. */
export async function listMovements(
  ctx: DbContext,
  merchantId: string,
  { sku, ...page }: { sku: string; after: number | null; limit: number },
) {
  await getProduct(ctx, merchantId, sku);
  return movementRows(ctx.db, merchantId, sku, page);
}
