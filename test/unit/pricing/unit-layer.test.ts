import { describe, expect, test } from 'vitest';
import type { Promotion } from '../../../src/domain/pricing/index.ts';
import { amounts, item, promo, reasons, run, T0, usageOf } from './fixtures.ts';

const A = item('A', 1000);
const onA = { target: { skus: ['A'] } };

describe('each unit kind, worked numbers', () => {
  test.each([
    ['percent_off 15 % of 999', item('A', 999), { kind: 'percent_off', percentBps: 1500 }, 849],
    ['percent_off half-up: 25 % of 10 → 2.5 → 3 off', item('A', 10), { kind: 'percent_off', percentBps: 2500 }, 7],
    ['amount_off 250', A, { kind: 'amount_off', amount: 250 }, 750],
    ['amount_off larger than the price stops at 0', A, { kind: 'amount_off', amount: 1500 }, 0],
    ['fixed_price 499', A, { kind: 'fixed_price', price: 499 }, 499],
  ] as const)('%s', (_, it, def, unitPrice) => {
    const { kind, ...rest } = def;
    const p = promo(kind, { ...onA, ...rest });
    const q = run({ items: [it], promos: [p], lines: [['A', 2]] });
    expect(q.lines[0]).toMatchObject({ unitPrice, total: 2 * unitPrice, floorClamped: false });
    expect(q.lines[0]!.unitPrices).toEqual([{ quantity: 2, unitPrice, promotionId: p.id }]);
    expect(q.applied).toEqual([
      { promotionId: p.id, name: p.name, kind, units: 2, amount: 2 * (it.listPrice - unitPrice), unitsBySku: { A: 2 } },
    ]);
    expect(q).toMatchObject({
      subtotal: 2 * it.listPrice,
      total: 2 * unitPrice,
      discountTotal: 2 * (it.listPrice - unitPrice),
    });
  });

  test('a fixed price above the list price is not better', () => {
    const p = promo('fixed_price', { ...onA, price: 1200 });
    const q = run({ items: [A], promos: [p], lines: [['A', 1]] });
    expect(q.total).toBe(1000);
    expect(reasons(q)).toEqual({ [p.id]: 'not_better' });
  });

  test('a tag target reaches every SKU with the tag', () => {
    const p = promo('percent_off', { target: { tags: ['winter'] }, percentBps: 1000 });
    const q = run({
      items: [item('COAT', 2000, { tags: ['winter'] }), item('HAT', 500, { tags: ['summer'] })],
      promos: [p],
      lines: [
        ['COAT', 1],
        ['HAT', 1],
      ],
    });
    expect(q.lines.map((l) => l.total)).toEqual([1800, 500]);
  });
});

describe('no compounding: the lowest price wins', () => {
  test('amount_off 200 (800) beats percent_off 10 % (900)', () => {
    const pct = promo('percent_off', { ...onA, percentBps: 1000 });
    const amt = promo('amount_off', { ...onA, amount: 200 });
    const q = run({ items: [A], promos: [pct, amt], lines: [['A', 3]] });
    expect(q.total).toBe(2400);
    expect(q.lines[0]!.discounts).toEqual([{ promotionId: amt.id, amount: 600 }]);
    expect(reasons(q)).toEqual({ [pct.id]: 'not_better' });
  });

  const tie = (a: Partial<Promotion>, b: Partial<Promotion>) => {
    const p = promo('amount_off', { ...onA, amount: 200, ...a });
    const r = promo('fixed_price', { ...onA, price: 800, ...b });
    const q = run({ items: [A], promos: [r, p], lines: [['A', 1]] });
    return { p, r, winner: q.applied[0]!.promotionId, q };
  };
  test('ties: higher priority wins', () => {
    const { r, winner } = tie({ priority: 0 }, { priority: 5 });
    expect(winner).toBe(r.id);
  });
  test('ties: then the older promotion', () => {
    const { p, winner } = tie({ createdAt: T0 - 10 }, { createdAt: T0 - 5 });
    expect(winner).toBe(p.id);
  });
  test('ties: then the smaller id', () => {
    const { p, winner, q } = tie({ createdAt: 1 }, { createdAt: 1 });
    expect(winner).toBe(p.id);
    expect(q.notApplied).toHaveLength(1);
  });
});

describe('caps and per-customer limits', () => {
  const capped = (extra: Partial<Promotion> = {}) =>
    promo('percent_off', { ...onA, percentBps: 3000, stockCap: 5, ...extra });

  test('stockCap 5 with 8 units: exactly 5 at the promotion price, 3 at list', () => {
    const p = capped();
    const q = run({ items: [A], promos: [p], lines: [['A', 8]] });
    expect(q.lines[0]).toMatchObject({ unitPrice: 700, total: 5 * 700 + 3 * 1000 });
    expect(q.lines[0]!.unitPrices).toEqual([
      { quantity: 5, unitPrice: 700, promotionId: p.id },
      { quantity: 3, unitPrice: 1000, promotionId: null },
    ]);
    expect(q.applied[0]).toMatchObject({ units: 5, amount: 1500, unitsBySku: { A: 5 } });
  });

  test('units beyond the cap fall to the next best promotion', () => {
    const p = capped();
    const next = promo('percent_off', { ...onA, percentBps: 1000 });
    const q = run({ items: [A], promos: [p, next], lines: [['A', 8]] });
    expect(q.lines[0]!.unitPrices).toEqual([
      { quantity: 5, unitPrice: 700, promotionId: p.id },
      { quantity: 3, unitPrice: 900, promotionId: next.id },
    ]);
    expect(amounts(q)).toEqual({ [p.id]: 1500, [next.id]: 300 });
  });

  test('the cap left is the cap minus units already used; none left → cap_exhausted', () => {
    const p = capped();
    expect(run({ items: [A], promos: [p], lines: [['A', 8]], usage: usageOf({ [p.id]: 3 }) }).total).toBe(
      2 * 700 + 6 * 1000,
    );
    const q = run({ items: [A], promos: [p], lines: [['A', 8]], usage: usageOf({ [p.id]: 5 }) });
    expect(q.total).toBe(8000);
    expect(reasons(q)).toEqual({ [p.id]: 'cap_exhausted' });
  });

  test('a cap shared by two SKUs goes in cart line order', () => {
    const p = promo('amount_off', { target: { skus: ['A', 'B'] }, amount: 100, stockCap: 3 });
    const items = [A, item('B', 500)];
    const ab = run({
      items,
      promos: [p],
      lines: [
        ['A', 2],
        ['B', 2],
      ],
    });
    expect(ab.lines.map((l) => l.total)).toEqual([1800, 900]);
    expect(ab.applied[0]!.unitsBySku).toEqual({ A: 2, B: 1 });
    const ba = run({
      items,
      promos: [p],
      lines: [
        ['B', 2],
        ['A', 2],
      ],
    });
    expect(ba.applied[0]!.unitsBySku).toEqual({ B: 2, A: 1 });
  });

  test('perCustomerLimit counts this customer’s earlier units', () => {
    const p = promo('percent_off', { ...onA, percentBps: 3000, perCustomerLimit: 2 });
    const used = usageOf({}, { [p.id]: 1 });
    const q = run({ items: [A], promos: [p], lines: [['A', 3]], customerId: 'c1', usage: used });
    expect(q.lines[0]!.unitPrices.map((u) => [u.quantity, u.unitPrice])).toEqual([
      [1, 700],
      [2, 1000],
    ]);
    const spent = run({
      items: [A],
      promos: [p],
      lines: [['A', 3]],
      customerId: 'c1',
      usage: usageOf({}, { [p.id]: 2 }),
    });
    expect(reasons(spent)).toEqual({ [p.id]: 'customer_limit' });
  });

  test('perCustomerLimit without a customerId → customer_required, list price', () => {
    const p = promo('percent_off', { ...onA, percentBps: 3000, perCustomerLimit: 2 });
    const q = run({ items: [A], promos: [p], lines: [['A', 1]] });
    expect(q.total).toBe(1000);
    expect(reasons(q)).toEqual({ [p.id]: 'customer_required' });
  });
});
