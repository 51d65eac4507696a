/**
 * `bxgy` (buy X get Y): groups of `buy.quantity` units matching `buy.target` plus `get.quantity` units matching
 * `get.target`, formed dearest first: the buy units are the dearest buy-eligible units left, the get units the dearest
 * get-eligible units left after them — with one shared target that is exactly "in each group of buy+get units,
 * dearest first, the cheapest get.quantity take get.percentBps off". Every unit of a group counts towards the caps.
 * The group discount (the get units' percentage) is water-filled over the group's units above their floors.
 *
 * @example buy 2 get 1 free (10000 bps) on socks, units 500, 400, 300, 200 → group (500, 400, 300): 300 off; 200 stays
 */
import { percent } from '../../money.ts';
import { type Pick, pickDearest, restore, setTake, targetSlots } from '../pool.ts';
import { matches, targetKeys } from '../target.ts';
import { bps, deepest, int, isObject, target, unitWorstCase } from './check.ts';
import type { BasketRule } from './rule.ts';

export const bxgy: BasketRule = {
  kind: 'bxgy',
  layer: 'basket',
  once: false,
  fields: ['buy', 'get'],
  validate(def, issues) {
    for (const side of ['buy', 'get'] as const) {
      const v = def[side];
      if (!isObject(v)) {
        issues.push({ field: `/${side}`, message: v === undefined ? 'is required' : 'must be an object' });
        continue;
      }
      const allowed = side === 'buy' ? ['target', 'quantity'] : ['target', 'quantity', 'percentBps'];
      for (const k of Object.keys(v)) {
        if (!allowed.includes(k)) issues.push({ field: `/${side}/${k}`, message: 'is not allowed' });
      }
      target(issues, `/${side}/target`, v.target);
      int(issues, `/${side}/quantity`, v.quantity, 1);
      if (side === 'get') bps(issues, '/get/percentBps', v.percentBps);
    }
  },
  keys: (p) => targetKeys(p.buy?.target, p.get?.target),
  touches: (p, item) => matches(p.buy?.target, item) || matches(p.get?.target, item),
  /** Worst case at creation: a get unit at `get.percentBps` off its list price (buy-only SKUs keep their list price). */
  worstCase: (p, items) => [
    ...unitWorstCase(p, items, (list) => deepest(list, p.get?.percentBps), p.get?.target),
    ...items
      .filter((it) => matches(p.buy?.target, it) && !matches(p.get?.target, it))
      .map((it) => ({ sku: it.sku, promoPrice: it.listPrice, breach: false })),
  ],
  prepare(p, pool, includeBlocked) {
    const buySlots = targetSlots(pool, p.buy?.target, includeBlocked);
    const getSlots = targetSlots(pool, p.get?.target, includeBlocked);
    const b = p.buy?.quantity ?? 0;
    const g = p.get?.quantity ?? 0;
    const off = p.get?.percentBps ?? 0;
    return {
      slots: [...new Set([...buySlots, ...getSlots])],
      take(rem, capLeft) {
        if (b <= 0 || g <= 0 || b + g > capLeft) return null;
        const picks: Pick[] = [];
        const gets: Pick[] = [];
        if (!pickDearest(buySlots, rem, b, picks) || !pickDearest(getSlots, rem, g, gets)) {
          restore(rem, picks);
          restore(rem, gets);
          return null;
        }
        let raw = 0;
        for (const pk of gets) raw += percent(pool.slots[pk.slot]!.price, off) * pk.count;
        return setTake(pool, [...picks, ...gets], () => raw);
      },
    };
  },
};
