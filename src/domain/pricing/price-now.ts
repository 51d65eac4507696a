/** `priceNow`: the single-unit price a shopper sees for one SKU (GET /v1/prices). */

import type { Minor } from '../money.ts';
import { percent } from '../money.ts';
import { evaluate } from './engine.ts';
import { ruleOf } from './kinds/index.ts';
import { inSchedule } from './schedule.ts';
import { byRank } from './screen.ts';
import { activeUntil } from './time.ts';
import type { CatalogItem, Instant, Promotion, PromotionSource, Usage } from './types.ts';

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

interface Pricer {
  p: Promotion;
  capLeft: number;
  amount: Minor;
}

/** Units the promotion may still price for this shopper, or 0 when it cannot price this item now. */
function capLeftOf(p: Promotion, item: CatalogItem, usage: Usage, at: Instant, customerId: string | null): number {
  if (p.state !== 'active' || !inSchedule(p, at) || item.available === 0) return 0;
  if (p.perCustomerLimit != null && customerId === null) return 0;
  const stock = p.stockCap != null ? p.stockCap - usage.capUsed(p.id) : Number.POSITIVE_INFINITY;
  const mine = p.perCustomerLimit != null ? p.perCustomerLimit - usage.customerUsed(p.id) : Number.POSITIVE_INFINITY;
  return Math.max(0, Math.min(stock, mine));
}

/**
 * The price of one unit of `item` now: the same answer as a quote of a one-unit cart (a property test holds the two
 * together), computed directly because a storefront asks it for every SKU on every page. With one unit only the unit
 * layer and a `tiered` tier with `minQuantity` 1 can apply — a bundle, a mix-and-match group or a buy-x-get-y group
 * needs at least two units.
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
  const customer = customerId ? customerId : null;
  const ranked = [...promotions.candidates([item])].sort(byRank);
  let unit: Pricer | null = null;
  let unitPrice = item.listPrice;
  for (const p of ranked) {
    const rule = ruleOf(p.kind);
    if (rule.layer !== 'unit' || !rule.touches(p, item)) continue;
    const capLeft = capLeftOf(p, item, usage, at, customer);
    if (capLeft <= 0) continue;
    const price = Math.max(item.floor, rule.price(p, item.listPrice, at));
    if (price < unitPrice) {
      unitPrice = price;
      unit = { p, capLeft, amount: item.listPrice - price };
    }
  }
  let tier: Pricer | null = null;
  if (unitPrice >= item.floor) {
    for (const p of ranked) {
      if (p.kind !== 'tiered' || !ruleOf(p.kind).touches(p, item)) continue;
      const bps = (p.tiers ?? []).filter((t) => t.minQuantity <= 1).reduce((b, t) => Math.max(b, t.percentBps), 0);
      if (bps === 0) continue;
      const capLeft = capLeftOf(p, item, usage, at, customer);
      if (capLeft <= 0) continue;
      const amount = Math.min(percent(unitPrice, bps), unitPrice - item.floor);
      if (amount > (tier?.amount ?? 0)) tier = { p, capLeft, amount };
    }
  }
  const behind = [unit, tier].filter((x): x is Pricer => x !== null && x.amount > 0);
  let best: Pricer | null = null;
  let endsAt: Instant | null = null;
  let remaining: number | null = item.available ?? null;
  for (const x of behind) {
    if (!best || x.amount > best.amount) best = x;
    const until = activeUntil(x.p, at);
    if (until !== null && (endsAt === null || until < endsAt)) endsAt = until;
    if (Number.isFinite(x.capLeft) && (remaining === null || x.capLeft < remaining)) remaining = x.capLeft;
  }
  return {
    price: unitPrice - (tier?.amount ?? 0),
    promotionId: best?.p.id ?? null,
    endsAt,
    remainingAtPrice: remaining,
  };
}

/** The reference definition: a full quote of a one-unit cart (slower; tests compare `priceNow` with it). */
export function priceNowByQuote(
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
