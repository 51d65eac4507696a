/**
 * The unit layer (`percent_off`, `amount_off`, `fixed_price`). Every unit takes the lowest floor-clamped price among
 * its list price and the live unit promotions that target it; prices never compound. Ties go to rank (higher
 * priority, then older, then id). Caps and per-customer limits count units across the whole cart and are handed out
 * in cart-line order; a unit beyond them falls to the next best price.
 *
 * @example stockCap 5 at 700 and 8 units listed at 1000 → runs [{ 5 @ 700 }, { 3 @ 1000 }]
 */
import type { Minor } from '../money.ts';
import type { Live } from './screen.ts';
import type { CatalogItem, Instant } from './types.ts';

export interface Run {
  quantity: number;
  unitPrice: Minor;
  promotionId: string | null;
  /** The promotion's own price was below the floor and was raised to it. */
  clamped: boolean;
}

interface Option {
  live: Live;
  price: Minor;
  clamped: boolean;
}

/** Per cart line, its runs cheapest first; the quantities sum to the line quantity. */
export function unitLayer(
  items: readonly CatalogItem[],
  quantities: readonly number[],
  promos: readonly Live[],
  at: Instant,
): Run[][] {
  const options: Option[][] = items.map(() => []);
  for (const live of promos) {
    if (live.rule.layer !== 'unit') continue;
    for (const i of live.lines) {
      const it = items[i]!;
      const raw = live.rule.price(live.p, it.listPrice, at);
      const price = Math.max(it.floor, raw);
      if (price < it.listPrice) options[i]!.push({ live, price, clamped: raw < it.floor });
    }
  }
  const left = new Map<string, number>();
  return items.map((it, i) => {
    const opts = options[i]!.sort((a, b) => a.price - b.price || a.live.rank - b.live.rank);
    const out: Run[] = [];
    let need = quantities[i]!;
    for (const o of opts) {
      if (need === 0) break;
      const cap = left.get(o.live.p.id) ?? o.live.capLeft;
      const n = Math.min(need, cap);
      if (n <= 0) continue;
      left.set(o.live.p.id, cap - n);
      need -= n;
      out.push({ quantity: n, unitPrice: o.price, promotionId: o.live.p.id, clamped: o.clamped });
    }
    if (need > 0) out.push({ quantity: need, unitPrice: it.listPrice, promotionId: null, clamped: false });
    return out;
  });
}
