import type { Db } from '../db/database.ts';
import { findPricingRows, floorOfRow, type PricingRow } from '../db/products.ts';
import { capUsage, customerUsage } from '../db/promotions.ts';
import { AppError } from '../domain/errors.ts';
import { priceNow, quote } from '../domain/pricing/index.ts';
import type { Cart, CatalogItem, Instant, Promotion, Quote, Usage } from '../domain/pricing/types.ts';
import type { ServiceContext } from './context.ts';

export interface PricedCart {
  quote: Quote;
  products: Map<string, PricingRow>;
}

function toItem(row: PricingRow): CatalogItem {
  return {
    sku: row.sku,
    listPrice: row.list_price,
    floor: floorOfRow(row),
    tags: row.tags,
    available: row.on_hand - row.reserved,
  };
}

/** A quote as the API shows it: with the merchant's currency and `at` as an ISO instant. */
export function quoteView(q: Quote, currency: string) {
  return { ...q, currency, at: new Date(q.at).toISOString() };
}

/** Rejects a cart naming a SKU twice (400 `duplicate_sku`). */
export function assertDistinctSkus(lines: readonly { sku: string }[]): void {
  const seen = new Set<string>();
  for (const [i, l] of lines.entries()) {
    if (seen.has(l.sku))
      throw new AppError('duplicate_sku', `body/lines/${i}/sku: ${l.sku} appears more than once`, { sku: l.sku });
    seen.add(l.sku);
  }
}

/**
 * Prices a cart with the pure engine: one query for the cart's products, one (only when a candidate promotion has a
 * cap or a per-customer limit) for each kind of usage, and the in-memory promotion index. `fresh` reads promotions
 * straight from the database (a reservation pricing again after a cap ran out).
 */
export async function priceCart(
  ctx: ServiceContext,
  merchantId: string,
  input: { cart: Cart; at: Instant; fresh?: boolean },
): Promise<PricedCart> {
  const { cart, at } = input;
  const skus = cart.lines.map((l) => l.sku);
  const [rows, promos] = await Promise.all([
    findPricingRows(ctx.db, merchantId, skus),
    input.fresh ? ctx.promotions.load(merchantId) : ctx.promotions.get(merchantId),
  ]);
  const products = new Map(rows.map((r) => [r.sku, r]));
  const missing = skus.filter((s) => !products.has(s));
  if (missing.length > 0) throw new AppError('unknown_sku', `unknown SKU: ${missing.join(', ')}`, { skus: missing });
  const items = new Map(rows.map((r) => [r.sku, toItem(r)]));
  // The cart's candidates are looked up once: for the usage query, then handed to the engine as they are.
  const candidates = promos.source.candidates([...items.values()]);
  const usage = await usageFor(ctx.db, merchantId, candidates, cart.customerId ?? null);
  const q = quote(cart, { get: (sku) => items.get(sku) }, { candidates: () => candidates }, usage, at);
  return { quote: q, products };
}

/** `POST /v1/quotes`: the cart priced at `at` (default now), as the API shows it. */
export async function quoteCart(
  ctx: ServiceContext,
  merchantId: string,
  input: { lines: { sku: string; quantity: number }[]; customerId?: string; at?: string },
) {
  assertDistinctSkus(input.lines);
  const at = input.at ? Date.parse(input.at) : Date.now();
  const cart = { lines: input.lines, customerId: input.customerId ?? null };
  const [{ quote }, currency] = await Promise.all([
    priceCart(ctx, merchantId, { cart, at }),
    ctx.currencyOf(merchantId),
  ]);
  return quoteView(quote, currency);
}

/** `GET /v1/prices`: the single-unit price a shopper sees now for each SKU, from one round of queries. */
export async function pricesNow(
  ctx: ServiceContext,
  merchantId: string,
  input: { skus: readonly string[]; customerId: string | null; at: Instant },
) {
  const { skus, customerId, at } = input;
  const [rows, promos] = await Promise.all([findPricingRows(ctx.db, merchantId, skus), ctx.promotions.get(merchantId)]);
  const bySku = new Map(rows.map((r) => [r.sku, r]));
  const missing = skus.filter((s) => !bySku.has(s));
  if (missing.length > 0) throw new AppError('unknown_sku', `unknown SKU: ${missing.join(', ')}`, { skus: missing });
  const items = skus.map((s) => toItem(bySku.get(s)!));
  const usage = await usageFor(ctx.db, merchantId, promos.source.candidates(items), customerId);
  return items.map((item) => {
    const p = priceNow(item, promos.source, usage, at, customerId ?? undefined);
    return {
      sku: item.sku,
      listPrice: item.listPrice,
      price: p.price,
      promotionId: p.promotionId,
      endsAt: p.endsAt === null ? null : new Date(p.endsAt).toISOString(),
      remainingAtPrice: p.remainingAtPrice,
      available: item.available ?? 0,
    };
  });
}

async function usageFor(
  db: Db,
  merchantId: string,
  candidates: readonly Promotion[],
  customerId: string | null,
): Promise<Usage> {
  const capped = candidates.filter((p) => p.stockCap != null).map((p) => p.id);
  const limited = customerId ? candidates.filter((p) => p.perCustomerLimit != null).map((p) => p.id) : [];
  const [caps, mine] = await Promise.all([
    capUsage(db, merchantId, capped),
    customerId ? customerUsage(db, merchantId, customerId, limited) : Promise.resolve(new Map<string, number>()),
  ]);
  return { capUsed: (id) => caps.get(id) ?? 0, customerUsed: (id) => mine.get(id) ?? 0 };
}
