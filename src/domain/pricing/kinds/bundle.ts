/**
 * `bundle` (gift pack): each complete set of `items` costs `price`, applied only where the set's units cost more at
 * their unit-layer prices. Dearest units of each SKU go into the first set. The set discount is water-filled over the
 * set's units by price so none goes below its floor; if the floors cannot absorb it all, the set discount is cut.
 *
 * @example items A×1 (1000), B×1 (600), price 1200 → 400 off, spread 250 on A and 150 on B
 */
import { allocate } from '../../money.ts';
import { eligible, type Pick, pickDearest, restore, setTake } from '../pool.ts';
import type { BundleItem, Promotion } from '../types.ts';
import { int, isObject } from './check.ts';
import type { BasketRule, GuardItem, WorstPrice } from './rule.ts';

/** Items merged by SKU (a SKU listed twice counts once with the summed quantity). */
function itemsOf(p: Promotion): BundleItem[] {
  const by = new Map<string, number>();
  for (const it of p.items ?? []) by.set(it.sku, (by.get(it.sku) ?? 0) + it.quantity);
  return [...by].map(([sku, quantity]) => ({ sku, quantity }));
}

/**
 * Worst case at creation: the set price against Σ floor × quantity. Below it, the set price is allocated over the
 * items by list price × quantity and every SKU whose per-unit share falls below its floor is a breach (at least one
 * must). At or above it, no breach: at quote time the discount is water-filled above every floor.
 *
 * @example floors 334 and 500, price 800 → breach; price 900 → none
 */
function worstCase(p: Promotion, items: readonly GuardItem[]): WorstPrice[] {
  const found = itemsOf(p).flatMap((bi) => {
    const it = items.find((x) => x.sku === bi.sku);
    return it ? [{ it, q: bi.quantity }] : [];
  });
  const price = p.price ?? 0;
  const shares = allocate(
    price,
    found.map(({ it, q }) => it.listPrice * q),
  );
  const floors = found.reduce((sum, { it, q }) => sum + it.floor * q, 0);
  return found.map(({ it, q }, i) => {
    const promoPrice = Math.floor(shares[i]! / q);
    return { sku: it.sku, promoPrice, breach: price < floors && promoPrice < it.floor };
  });
}

export const bundle: BasketRule = {
  kind: 'bundle',
  layer: 'basket',
  once: false,
  fields: ['items', 'price'],
  validate(def, issues) {
    int(issues, '/price', def.price, 0);
    const items = def.items;
    if (!Array.isArray(items) || items.length === 0) {
      issues.push({ field: '/items', message: items === undefined ? 'is required' : 'must be a non-empty list' });
      return;
    }
    const seen = new Set<string>();
    let units = 0;
    items.forEach((it: unknown, i) => {
      const at = `/items/${i}`;
      if (!isObject(it)) {
        issues.push({ field: at, message: 'must be an object { sku, quantity }' });
        return;
      }
      for (const k of Object.keys(it)) {
        if (k !== 'sku' && k !== 'quantity') issues.push({ field: `${at}/${k}`, message: 'is not allowed' });
      }
      if (typeof it.sku !== 'string' || it.sku.length === 0)
        issues.push({ field: `${at}/sku`, message: 'is required' });
      else if (seen.has(it.sku)) issues.push({ field: `${at}/sku`, message: `repeats ${it.sku}; list each SKU once` });
      else seen.add(it.sku);
      if (int(issues, `${at}/quantity`, it.quantity, 1)) units += it.quantity as number;
    });
    if (units > 0 && units < 2) issues.push({ field: '/items', message: 'a bundle needs at least 2 units in total' });
  },
  keys: (p) => ({ skus: itemsOf(p).map((i) => i.sku), tags: [] }),
  touches: (p, item) => (p.items ?? []).some((i) => i.sku === item.sku),
  worstCase,
  prepare(p, pool, includeBlocked) {
    const parts = itemsOf(p).map((it) => ({
      q: it.quantity,
      slots: eligible(pool, (s) => s.sku === it.sku, includeBlocked),
    }));
    const size = parts.reduce((n, x) => n + x.q, 0);
    return {
      slots: parts.flatMap((x) => x.slots),
      take(rem, capLeft) {
        if (size > capLeft || parts.length === 0) return null;
        const picks: Pick[] = [];
        for (const part of parts) {
          if (!pickDearest(part.slots, rem, part.q, picks)) {
            restore(rem, picks);
            return null;
          }
        }
        return setTake(pool, picks, (sum) => sum - (p.price ?? sum));
      },
    };
  },
};
