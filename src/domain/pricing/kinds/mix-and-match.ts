/**
 * `mix_and_match`: each group of `quantity` targeted units costs `price`, the dearest units grouped first; a group is
 * applied only where it lowers the price. The group discount is water-filled over its units above their floors.
 *
 * @example quantity 3, price 2000, units 1000, 900, 800, 300 → (1000 + 900 + 800) − 2000 = 700 off; 300 stays
 */
import { type Pick, pickDearest, restore, setTake, targetSlots } from '../pool.ts';
import { matches, targetKeys } from '../target.ts';
import { int, target } from './check.ts';
import type { BasketRule } from './rule.ts';

export const mixAndMatch: BasketRule = {
  kind: 'mix_and_match',
  layer: 'basket',
  once: false,
  fields: ['target', 'quantity', 'price'],
  validate(def, issues) {
    target(issues, '/target', def.target);
    int(issues, '/quantity', def.quantity, 2);
    int(issues, '/price', def.price, 0);
  },
  keys: (p) => targetKeys(p.target),
  touches: (p, item) => matches(p.target, item),
  /**
   * Worst case at creation: units may repeat one SKU, so a group can be `quantity` units of the SKU with the highest
   * floor; every targeted SKU with `quantity × floor > price` is a breach at `floor(price / quantity)` per unit.
   *
   * @example quantity 3, price 1000, floors 300 and 400 → the 400 SKU breaches at 333
   */
  worstCase(p, items) {
    const q = Math.max(1, p.quantity ?? 1);
    const price = p.price ?? 0;
    return items
      .filter((it) => matches(p.target, it))
      .map((it) => {
        const promoPrice = Math.floor(price / q);
        return { sku: it.sku, promoPrice, breach: price < q * it.floor && promoPrice < it.listPrice };
      });
  },
  prepare(p, pool, includeBlocked) {
    const slots = targetSlots(pool, p.target, includeBlocked);
    const q = p.quantity ?? 0;
    return {
      slots,
      take(rem, capLeft) {
        if (q <= 0 || q > capLeft) return null;
        const picks: Pick[] = [];
        if (!pickDearest(slots, rem, q, picks)) {
          restore(rem, picks);
          return null;
        }
        return setTake(pool, picks, (sum) => sum - (p.price ?? sum));
      },
    };
  },
};
