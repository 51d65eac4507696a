import { describe, expect, test } from 'vitest';
import { effectiveFloor } from '../../../src/domain/floor.ts';
import { floorBreaches, type GuardItem, type Promotion, previewPromotion } from '../../../src/domain/pricing/index.ts';
import { promo } from './fixtures.ts';

const gi = (sku: string, listPrice: number, unitCost: number, floor: number, tags: string[] = []): GuardItem => ({
  sku,
  listPrice,
  unitCost,
  floor,
  tags,
});
// cost 300 at a 10 % minimum margin → floor 334
const F334 = effectiveFloor({ unitCost: 300, minMarginBps: 1000, floorPrice: null }, 0);
const A = gi('A', 1000, 300, F334);
const B = gi('B', 1000, 450, 500);

describe('floorBreaches', () => {
  test('acceptance: 70 % off list 1000 with floor 334 → { floor: 334, price: 300 }', () => {
    expect(F334).toBe(334);
    const p = promo('percent_off', { target: { skus: ['A'] }, percentBps: 7000 });
    expect(floorBreaches(p, [A])).toEqual([{ sku: 'A', floor: 334, price: 300 }]);
  });

  test('acceptance: bundle of floors 334 + 500 at 800 breaches, at 900 does not', () => {
    const pack = (price: number) =>
      promo('bundle', {
        items: [
          { sku: 'A', quantity: 1 },
          { sku: 'B', quantity: 1 },
        ],
        price,
      });
    // 800 split by list price: 400 / 400 → B (floor 500) is below
    expect(floorBreaches(pack(800), [A, B])).toEqual([{ sku: 'B', floor: 500, price: 400 }]);
    expect(floorBreaches(pack(900), [A, B])).toEqual([]);
  });

  test.each([
    [
      'percent_off: the deepest step counts',
      'percent_off',
      { percentBps: 2000, steps: [{ afterSeconds: 60, percentBps: 7000 }] },
      [300],
    ],
    ['amount_off', 'amount_off', { amount: 700 }, [300]],
    ['fixed_price', 'fixed_price', { price: 333 }, [333]],
    ['fixed_price at the floor is fine', 'fixed_price', { price: 334 }, []],
    [
      'tiered: the deepest tier',
      'tiered',
      {
        tiers: [
          { minQuantity: 2, percentBps: 1000 },
          { minQuantity: 5, percentBps: 7000 },
        ],
      },
      [300],
    ],
    ['mix_and_match: quantity × the floor against the set price', 'mix_and_match', { quantity: 3, price: 1000 }, [333]],
    ['mix_and_match within the floors', 'mix_and_match', { quantity: 3, price: 1002 }, []],
  ] as const)('%s', (_, kind, def, prices) => {
    const p = promo(kind, { target: { skus: ['A'] }, ...(def as Partial<Promotion>) });
    expect(floorBreaches(p, [A]).map((b) => b.price)).toEqual(prices);
  });

  test('mix_and_match: worst case is quantity units of the SKU with the highest floor', () => {
    const p = promo('mix_and_match', { target: { skus: ['A', 'B'] }, quantity: 3, price: 1200 });
    // 1200 ≥ 3 × 334 but < 3 × 500
    expect(floorBreaches(p, [A, B])).toEqual([{ sku: 'B', floor: 500, price: 400 }]);
  });

  test('bxgy: a get unit at get.percentBps off; buy-only SKUs keep their price', () => {
    const p = promo('bxgy', {
      buy: { target: { skus: ['B'] }, quantity: 1 },
      get: { target: { skus: ['A'] }, quantity: 1, percentBps: 10000 },
    });
    expect(floorBreaches(p, [A, B])).toEqual([{ sku: 'A', floor: 334, price: 0 }]);
  });

  test('items the promotion does not target are ignored', () => {
    const p = promo('percent_off', { target: { tags: ['winter'] }, percentBps: 9000 });
    expect(floorBreaches(p, [A, gi('W', 1000, 100, 200, ['winter'])])).toEqual([{ sku: 'W', floor: 200, price: 100 }]);
  });
});

describe('previewPromotion', () => {
  test('per SKU the worst-case price and the margin it leaves', () => {
    const p = promo('percent_off', { target: { skus: ['A', 'C'] }, percentBps: 2000 });
    const C = gi('C', 1000, 600, 600);
    expect(previewPromotion(p, [A, C])).toEqual({
      breaches: [],
      skus: [
        { sku: 'A', listPrice: 1000, floor: 334, promoPrice: 800, marginBps: 6250 },
        { sku: 'C', listPrice: 1000, floor: 600, promoPrice: 800, marginBps: 2500 },
      ],
    });
  });

  test('a bundle shows each item’s share of the set price', () => {
    const p = promo('bundle', {
      items: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 2 },
      ],
      price: 1500,
    });
    const out = previewPromotion(p, [A, B]);
    // 1500 over weights 1000 and 2000 → 500 and 1000 (500 per B unit)
    expect(out.skus.map((s) => [s.sku, s.promoPrice])).toEqual([
      ['A', 500],
      ['B', 500],
    ]);
    expect(out.breaches).toEqual([]);
  });
});
