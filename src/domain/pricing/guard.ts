/**
 * The margin guard at creation/update (DESIGN.md, Margin guard): could this promotion alone price a targeted unit
 * below its floor? Each kind states its worst case (`worstCase` in its file): unit kinds their promotional price
 * (the deepest step of a `percent_off`), `tiered` its deepest tier, `bxgy` a get unit at `get.percentBps` off,
 * `bundle` the set price against Σ floor × quantity, `mix_and_match` the set price against `quantity` × the highest
 * floor (units may repeat one SKU).
 */
import { marginBps } from '../floor.ts';
import type { Minor } from '../money.ts';
import { ruleOf } from './kinds/index.ts';
import type { GuardItem } from './kinds/rule.ts';
import type { Promotion } from './types.ts';

export type { GuardItem } from './kinds/rule.ts';

export interface FloorBreach {
  sku: string;
  floor: Minor;
  price: Minor;
}

export interface PreviewSku {
  sku: string;
  listPrice: Minor;
  floor: Minor;
  promoPrice: Minor;
  marginBps: number;
}

/**
 * The targeted SKUs among `items` that the promotion alone would price below their floor (for 422
 * `margin_floor_breach`). Items the promotion does not target are ignored.
 *
 * @example cost 300, minMargin 1000 → floor 334; percent_off 7000 on list 1000 → [{ sku, floor: 334, price: 300 }]
 * @example bundle of two SKUs with floors 334 and 500: price 800 → a breach; price 900 → []
 */
export function floorBreaches(p: Promotion, items: readonly GuardItem[]): FloorBreach[] {
  const bySku = new Map(items.map((it) => [it.sku, it]));
  return ruleOf(p.kind)
    .worstCase(p, items)
    .filter((w) => w.breach)
    .map((w) => ({ sku: w.sku, floor: bySku.get(w.sku)!.floor, price: w.promoPrice }));
}

/**
 * Dry run for `POST /v1/promotions/preview`: the breaches and, per targeted SKU, the worst-case promotional price and
 * the margin it leaves (`marginBps(promoPrice, unitCost)`).
 *
 * @example percent_off 2000 on list 1000, cost 600 → skus [{ listPrice: 1000, promoPrice: 800, marginBps: 2500, … }]
 */
export function previewPromotion(
  p: Promotion,
  items: readonly GuardItem[],
): { breaches: FloorBreach[]; skus: PreviewSku[] } {
  const bySku = new Map(items.map((it) => [it.sku, it]));
  const seen = new Set<string>();
  const skus: PreviewSku[] = [];
  for (const w of ruleOf(p.kind).worstCase(p, items)) {
    if (seen.has(w.sku)) continue;
    seen.add(w.sku);
    const it = bySku.get(w.sku)!;
    skus.push({
      sku: w.sku,
      listPrice: it.listPrice,
      floor: it.floor,
      promoPrice: w.promoPrice,
      marginBps: marginBps(w.promoPrice, it.unitCost),
    });
  }
  return { breaches: floorBreaches(p, items), skus };
}
