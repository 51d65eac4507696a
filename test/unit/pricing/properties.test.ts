import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Quote, RULES } from '../../../src/domain/pricing/index.ts';
import { arbExtra, arbWorld, type World } from './arbitraries.ts';
import { HOUR, run, T0, usageOf } from './fixtures.ts';

const price = (w: World, promos = w.promos): Quote =>
  run({
    items: w.items,
    promos,
    lines: w.lines,
    customerId: w.customerId,
    usage: usageOf(w.capUsed, w.customerUsed),
    at: T0 + HOUR,
  });

function checkInvariants(w: World, q: Quote): void {
  const bySku = new Map(w.items.map((i) => [i.sku, i]));
  // money adds up
  expect(q.lines.reduce((s, l) => s + l.total, 0)).toBe(q.total);
  expect(q.subtotal).toBe(q.lines.reduce((s, l) => s + l.listPrice * l.quantity, 0));
  expect(q.discountTotal).toBe(q.subtotal - q.total);
  expect(q.discountTotal).toBeGreaterThanOrEqual(0);
  expect(q.applied.reduce((s, a) => s + a.amount, 0)).toBe(q.discountTotal);
  for (const l of q.lines) {
    const it = bySku.get(l.sku)!;
    const lowest = Math.min(it.listPrice, it.floor); // a SKU listed below its floor sells at list
    expect(l.unitPrices.reduce((n, u) => n + u.quantity, 0)).toBe(l.quantity);
    for (const u of l.unitPrices) {
      expect(u.unitPrice).toBeGreaterThanOrEqual(lowest);
      expect(u.unitPrice).toBeLessThanOrEqual(it.listPrice);
    }
    expect(l.unitPrice).toBe(Math.min(...l.unitPrices.map((u) => u.unitPrice)));
    expect(l.total).toBeGreaterThanOrEqual(l.quantity * lowest);
    expect(l.total).toBeLessThanOrEqual(l.quantity * it.listPrice);
    expect(l.discounts.reduce((s, d) => s + d.amount, 0)).toBe(l.listPrice * l.quantity - l.total);
  }
  // no unit in two unit promotions, nor in two basket promotions; caps never exceeded
  const promo = new Map(w.promos.map((p) => [p.id, p]));
  for (const layer of ['unit', 'basket'] as const) {
    const used = new Map<string, number>();
    for (const a of q.applied) {
      if (RULES[a.kind].layer !== layer) continue;
      for (const [sku, n] of Object.entries(a.unitsBySku)) used.set(sku, (used.get(sku) ?? 0) + n);
    }
    for (const l of q.lines) expect(used.get(l.sku) ?? 0).toBeLessThanOrEqual(l.quantity);
  }
  for (const a of q.applied) {
    const p = promo.get(a.promotionId)!;
    expect(Object.values(a.unitsBySku).reduce((s, n) => s + n, 0)).toBe(a.units);
    if (p.stockCap != null) expect(a.units).toBeLessThanOrEqual(p.stockCap - (w.capUsed[p.id] ?? 0));
    if (p.perCustomerLimit != null) {
      expect(w.customerId).not.toBeNull();
      expect(a.units).toBeLessThanOrEqual(p.perCustomerLimit - (w.customerUsed[p.id] ?? 0));
    }
  }
  // every promotion touching the cart is explained exactly once
  const ids = [...q.applied, ...q.notApplied].map((x) => x.promotionId);
  expect(new Set(ids).size).toBe(ids.length);
  const cart = w.lines.map(([sku]) => bySku.get(sku)!);
  const touching = w.promos.filter((p) => cart.some((it) => RULES[p.kind].touches(p, it))).map((p) => p.id);
  expect([...ids].sort()).toEqual([...touching].sort());
}

describe('properties over random catalogs, promotions and carts', () => {
  test('money adds up, floors hold, units and caps are never double-spent, everything is explained', () => {
    fc.assert(
      fc.property(arbWorld(8), (w) => checkInvariants(w, price(w))),
      { numRuns: 1000 },
    );
  });

  // Without floors. Where floors bind, the rules' "dearest units first" can leave a cheaper unit-layer price with a
  // slightly dearer basket (a floor leaves the grouped units less room); see README.md, "Known limits".
  test('adding a promotion never raises the best total (within the exact bound)', () => {
    fc.assert(
      fc.property(arbWorld(5, false), arbExtra, (w, extra) => {
        const before = price(w);
        const after = price(w, [...w.promos, extra]);
        expect(after.total).toBeLessThanOrEqual(before.total);
      }),
      { numRuns: 300 },
    );
  });

  test('deterministic: the same input twice, or the promotions in another order, gives the same quote', () => {
    fc.assert(
      fc.property(arbWorld(8), (w) => {
        const a = price(w);
        expect(price(w)).toEqual(a);
        expect(price(w, [...w.promos].reverse())).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });
});
