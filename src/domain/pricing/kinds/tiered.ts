/**
 * `tiered` (buy more, save more): the highest tier whose `minQuantity` ≤ the number of targeted units the promotion
 * takes gives its percentage off each of those units. It takes every targeted unit no other basket promotion holds,
 * once per quote; when its remaining cap/limit is smaller, it takes that many units, those it saves most on (ties:
 * dearest first). Each unit is cut back to its own floor.
 *
 * @example tiers [{ 2, 1000 }, { 4, 2000 }], 3 units at 1000 → tier 1: 3 × 100 = 300 off
 * @example same tiers, 4 units at 1000 → tier 2: 4 × 200 = 800 off
 */
import { percent } from '../../money.ts';
import { type Pick, pickDearest, targetSlots } from '../pool.ts';
import { matches, targetKeys } from '../target.ts';
import { bps, deepest, int, isObject, target, unitWorstCase } from './check.ts';
import type { BasketRule } from './rule.ts';

export const tiered: BasketRule = {
  kind: 'tiered',
  layer: 'basket',
  once: true,
  fields: ['target', 'tiers'],
  validate(def, issues) {
    target(issues, '/target', def.target);
    const tiers = def.tiers;
    if (!Array.isArray(tiers) || tiers.length === 0) {
      issues.push({ field: '/tiers', message: tiers === undefined ? 'is required' : 'must be a non-empty list' });
      return;
    }
    let prev = 0;
    tiers.forEach((t: unknown, i) => {
      const at = `/tiers/${i}`;
      if (!isObject(t)) {
        issues.push({ field: at, message: 'must be an object { minQuantity, percentBps }' });
        return;
      }
      for (const k of Object.keys(t)) {
        if (k !== 'minQuantity' && k !== 'percentBps') issues.push({ field: `${at}/${k}`, message: 'is not allowed' });
      }
      if (int(issues, `${at}/minQuantity`, t.minQuantity, 1)) {
        const q = t.minQuantity as number;
        if (q <= prev) issues.push({ field: `${at}/minQuantity`, message: 'must be greater than the tier before it' });
        prev = Math.max(prev, q);
      }
      bps(issues, `${at}/percentBps`, t.percentBps);
    });
  },
  keys: (p) => targetKeys(p.target),
  touches: (p, item) => matches(p.target, item),
  worstCase: (p, items) =>
    unitWorstCase(p, items, (list) => deepest(list, ...(p.tiers ?? []).map((t) => t.percentBps))),
  prepare(p, pool, includeBlocked) {
    const slots = targetSlots(pool, p.target, includeBlocked);
    const tiers = [...(p.tiers ?? [])].sort((a, b) => a.minQuantity - b.minQuantity);
    return {
      slots,
      take(rem, capLeft) {
        let avail = 0;
        for (const s of slots) avail += rem[s]!;
        const n = Math.min(avail, capLeft);
        let tier: (typeof tiers)[number] | undefined;
        for (const t of tiers) if (t.minQuantity <= n) tier = t;
        if (!tier || n <= 0) return null;
        const picks: Pick[] = [];
        if (n === avail) pickDearest(slots, rem, n, picks);
        else {
          // a cap binds: the units that save the shopper most (a floor may leave a dearer unit less room)
          const off = (i: number) => Math.min(percent(pool.slots[i]!.price, tier!.percentBps), pool.slots[i]!.headroom);
          pickDearest(
            [...slots].sort((a, b) => off(b) - off(a)),
            rem,
            n,
            picks,
          );
        }
        let raw = 0;
        let saving = 0;
        const shares: number[] = [];
        const clamped: boolean[] = [];
        for (const pk of picks) {
          const s = pool.slots[pk.slot]!;
          const per = percent(s.price, tier.percentBps);
          raw += per * pk.count;
          shares.push(Math.min(per, s.headroom) * pk.count);
          clamped.push(per > s.headroom);
          saving += shares[shares.length - 1]!;
        }
        return { picks, units: n, raw, saving, shares, clamped };
      },
    };
  },
};
