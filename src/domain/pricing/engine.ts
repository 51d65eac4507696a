/**
 * The pricing engine: `quote(cart, catalog, promotions, usage, at)`, a pure function (see README.md in this folder).
 */
import { AppError } from '../errors.ts';
import type { Minor } from '../money.ts';
import { type Contender, chooseBasket } from './basket.ts';
import { explainBasket, explainUnit } from './explain.ts';
import { buildPool, waterFill } from './pool.ts';
import { type Live, screen } from './screen.ts';
import type {
  Applied,
  Cart,
  Catalog,
  CatalogItem,
  Instant,
  NotApplied,
  PromotionSource,
  Quote,
  QuoteLine,
  Usage,
} from './types.ts';
import { unitLayer } from './unit-layer.ts';

interface Tally {
  units: number;
  amount: Minor;
  bySku: Record<string, number>;
}

/** Everything the engine decided, for `quote` and `priceNow`. */
export interface Evaluation {
  quote: Quote;
  /** Every candidate that touched the cart, in rank order, with caps left. */
  lives: Live[];
}

const byId = (a: { promotionId: string }, b: { promotionId: string }) =>
  a.promotionId < b.promotionId ? -1 : a.promotionId > b.promotionId ? 1 : 0;

/**
 * `quote` plus the screened promotions behind it (ranked, with their caps left) — for callers such as `priceNow` that
 * need more than the quote. Same semantics and errors as `quote`.
 */
export function evaluate(
  cart: Cart,
  catalog: Catalog,
  promotions: PromotionSource,
  usage: Usage,
  at: Instant,
): Evaluation {
  const missing: string[] = [];
  const items = cart.lines.map((l) => {
    const it = catalog.get(l.sku);
    if (!it) missing.push(l.sku);
    return it as CatalogItem;
  });
  if (missing.length > 0) throw new AppError('unknown_sku', `unknown SKU: ${missing.join(', ')}`, { skus: missing });
  const quantities = cart.lines.map((l) => l.quantity);
  const customerId = cart.customerId ? cart.customerId : null;

  const lives = screen(promotions.candidates(items), items, usage, at, customerId);
  const open = lives.filter((l) => l.blocked === null);
  const runs = unitLayer(items, quantities, open, at);
  const pool = buildPool(items.map((it, i) => ({ ...it, runs: runs[i]! })));
  const contenders: Contender[] = open.flatMap((live) =>
    live.rule.layer === 'basket' ? [{ live, prep: live.rule.prepare(live.p, pool, false) }] : [],
  );
  const counts = Int32Array.from(pool.slots, (s) => s.count);
  const steps = chooseBasket(pool, contenders, counts.slice());

  const discounts = items.map(() => new Map<string, Minor>());
  const clamped = items.map(() => false);
  const tallies = new Map<string, Tally>();
  const credit = (id: string, line: number, units: number, amount: Minor) => {
    const t = tallies.get(id) ?? { units: 0, amount: 0, bySku: {} };
    const sku = items[line]!.sku;
    t.units += units;
    t.amount += amount;
    t.bySku[sku] = (t.bySku[sku] ?? 0) + units;
    tallies.set(id, t);
    if (amount > 0) discounts[line]!.set(id, (discounts[line]!.get(id) ?? 0) + amount);
  };
  runs.forEach((rs, line) => {
    for (const r of rs) {
      if (r.promotionId === null) continue;
      credit(r.promotionId, line, r.quantity, (items[line]!.listPrice - r.unitPrice) * r.quantity);
      if (r.clamped) clamped[line] = true;
    }
  });
  for (const { c, take } of steps) {
    // parts in cart-line order, so allocate() gives remainder ties to the earlier line
    const picks = take.picks
      .map((pk, k) => ({ pk, k, s: pool.slots[pk.slot]! }))
      .sort((a, b) => a.s.line - b.s.line || a.k - b.k);
    const fill = take.shares
      ? { parts: picks.map((x) => take.shares![x.k]!), capped: picks.map((x) => take.clamped?.[x.k] ?? false) }
      : waterFill(
          take.saving,
          picks.map((x) => x.s.price * x.pk.count),
          picks.map((x) => x.s.headroom * x.pk.count),
        );
    picks.forEach((x, j) => {
      credit(c.live.p.id, x.s.line, x.pk.count, fill.parts[j]!);
      if (fill.capped[j] || take.saving < take.raw) clamped[x.s.line] = true;
    });
  }

  const lines: QuoteLine[] = items.map((it, i) => {
    const ds = [...discounts[i]!].map(([promotionId, amount]) => ({ promotionId, amount }));
    const gross = it.listPrice * quantities[i]!;
    return {
      sku: it.sku,
      quantity: quantities[i]!,
      listPrice: it.listPrice,
      unitPrice: runs[i]![0]?.unitPrice ?? it.listPrice,
      unitPrices: runs[i]!.map((r) => ({ quantity: r.quantity, unitPrice: r.unitPrice, promotionId: r.promotionId })),
      total: gross - ds.reduce((s, d) => s + d.amount, 0),
      discounts: ds,
      floorClamped: clamped[i]!,
    };
  });
  const subtotal = lines.reduce((s, l) => s + l.listPrice * l.quantity, 0);
  const total = lines.reduce((s, l) => s + l.total, 0);

  const byLive = new Map(contenders.map((c) => [c.live, c]));
  const applied: Applied[] = [];
  const notApplied: NotApplied[] = [];
  for (const live of lives) {
    const t = tallies.get(live.p.id);
    if (t) {
      const { id, name, kind } = live.p;
      applied.push({ promotionId: id, name, kind, units: t.units, amount: t.amount, unitsBySku: t.bySku });
      continue;
    }
    const c = byLive.get(live);
    const reason = live.blocked ?? (c ? explainBasket(c, pool, counts) : explainUnit(live, items, at));
    notApplied.push({ promotionId: live.p.id, reason });
  }
  applied.sort(byId);
  notApplied.sort(byId);
  return { quote: { at, lines, subtotal, discountTotal: subtotal - total, total, applied, notApplied }, lives };
}

/**
 * Prices a cart at instant `at`. Pure and deterministic: same input → deep-equal output, whatever order the source
 * returns promotions in. `applied` and `notApplied` are sorted by promotion id; `lines` follow the cart.
 * Every promotion the source returns that touches the cart is in exactly one of them. Throws
 * `AppError('unknown_sku', …, { skus })` if a cart SKU is not in the catalog.
 *
 * @example list 1000 × 3, percent_off 3000 → unitPrice 700, total 2100, applied [{ units: 3, amount: 900 }]
 * @example + bundle of that SKU ×3 for 1800 → the bundle takes the 3 units at 700: total 1800, two promotions applied
 */
export function quote(cart: Cart, catalog: Catalog, promotions: PromotionSource, usage: Usage, at: Instant): Quote {
  return evaluate(cart, catalog, promotions, usage, at).quote;
}
