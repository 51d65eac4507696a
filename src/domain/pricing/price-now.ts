/** `priceNow`: the single-unit price a shopper sees for one SKU (GET /v1/prices). */
import type { Minor } from '../money.ts';
import { evaluate } from './engine.ts';
import { activeUntil } from './time.ts';
import type { CatalogItem, Instant, PromotionSource, Usage } from './types.ts';

export interface PriceNow {
  price: Minor;
  /** The promotion giving the largest part of the discount (ties: the first on the line), or `null` at list price. */
  promotionId: string | null;
  /** When this price ends: the earliest `endsAt` or daily-window close among the promotions behind it; `null` if open. */
  endsAt: Instant | null;
  /**
   * Units left at this price: the least of the remaining `stockCap`, the customer's remaining `perCustomerLimit` and
   * `item.available` (when given); `null` when nothing bounds it.
   */
  remainingAtPrice: number | null;
}

/**
 * The price of one unit of `item` now: a quote of a one-unit cart.
 *
 * @example list 1000, percent_off 3000 ending 2026-12-15, stockCap 100 with 40 used, available 25
 *          → { price: 700, promotionId, endsAt: 2026-12-15T00:00Z, remainingAtPrice: 25 }
 */
export function priceNow(
  item: CatalogItem,
  promotions: PromotionSource,
  usage: Usage,
  at: Instant,
  customerId?: string | null,
): PriceNow {
  const { quote, lives } = evaluate(
    { lines: [{ sku: item.sku, quantity: 1 }], customerId: customerId ?? null },
    { get: (sku) => (sku === item.sku ? item : undefined) },
    promotions,
    usage,
    at,
  );
  const line = quote.lines[0]!;
  let best: { promotionId: string; amount: Minor } | null = null;
  for (const d of line.discounts) if (!best || d.amount > best.amount) best = d;
  let endsAt: Instant | null = null;
  let remaining: number | null = item.available ?? null;
  for (const live of lives) {
    if (!line.discounts.some((d) => d.promotionId === live.p.id)) continue;
    const until = activeUntil(live.p, at);
    if (until !== null && (endsAt === null || until < endsAt)) endsAt = until;
    if (Number.isFinite(live.capLeft) && (remaining === null || live.capLeft < remaining)) remaining = live.capLeft;
  }
  return { price: line.total, promotionId: best?.promotionId ?? null, endsAt, remainingAtPrice: remaining };
}
