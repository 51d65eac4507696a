import { describe, expect, test } from 'vitest';
import { buildPromotionIndex, type Promotion, priceNow } from '../../../src/domain/pricing/index.ts';
import { DAY, HOUR, item, promo, run, T0, usageOf } from './fixtures.ts';

describe('buildPromotionIndex', () => {
  const bySku = promo('percent_off', { target: { skus: ['A'] }, percentBps: 1000 });
  const byTag = promo('amount_off', { target: { tags: ['winter'] }, amount: 100 });
  const pack = promo('bundle', {
    items: [
      { sku: 'X', quantity: 1 },
      { sku: 'Y', quantity: 1 },
    ],
    price: 100,
  });
  const b = promo('bxgy', {
    buy: { target: { skus: ['SHOE'] }, quantity: 1 },
    get: { target: { tags: ['socks'] }, quantity: 1, percentBps: 5000 },
  });
  const other = promo('fixed_price', { target: { skus: ['Q'], tags: ['summer'] }, price: 1 });
  const index = buildPromotionIndex([bySku, byTag, pack, b, other]);
  const ids = (ps: readonly Promotion[]) => ps.map((p) => p.id);

  test.each([
    ['by SKU', [item('A', 1)], [bySku]],
    ['by tag', [item('COAT', 1, { tags: ['winter'] })], [byTag]],
    ['a bundle by any of its item SKUs', [item('Y', 1)], [pack]],
    ['bxgy by its buy target', [item('SHOE', 1)], [b]],
    ['bxgy by its get target', [item('S1', 1, { tags: ['socks'] })], [b]],
    ['nothing for an untargeted item', [item('Z', 1, { tags: ['spring'] })], []],
    [
      'each once, in index order',
      [item('Y', 1), item('A', 1, { tags: ['winter'] }), item('X', 1)],
      [bySku, byTag, pack],
    ],
  ])('%s', (_, items, expected) => {
    expect(ids(index.candidates(items))).toEqual(ids(expected));
  });

  test('candidates do not depend on how many other promotions exist', () => {
    const noise = Array.from({ length: 5000 }, (_, i) =>
      promo('percent_off', { target: { skus: [`N${i}`], tags: [`t${i % 50}`] }, percentBps: 1000 }),
    );
    const big = buildPromotionIndex([...noise, bySku]);
    const items = Array.from({ length: 20 }, (_, i) => item(i === 0 ? 'A' : `C${i}`, 1000));
    expect(ids(big.candidates(items))).toEqual([bySku.id]);
    const started = performance.now();
    for (let k = 0; k < 200; k++) big.candidates(items);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('priceNow', () => {
  const A = item('A', 1000, { available: 25 });

  test('no promotion: the list price, nothing ends, remaining = available (null when unknown)', () => {
    const none = buildPromotionIndex([]);
    expect(priceNow(A, none, usageOf(), T0)).toEqual({
      price: 1000,
      promotionId: null,
      endsAt: null,
      remainingAtPrice: 25,
    });
    expect(priceNow(item('A', 1000), none, usageOf(), T0).remainingAtPrice).toBeNull();
  });

  test('a capped percent_off ending later: price, promotion, its end, min(cap left, available)', () => {
    const p = promo('percent_off', { target: { skus: ['A'] }, percentBps: 3000, endsAt: T0 + 14 * DAY, stockCap: 100 });
    const src = buildPromotionIndex([p]);
    expect(priceNow(A, src, usageOf({ [p.id]: 40 }), T0 + HOUR)).toEqual({
      price: 700,
      promotionId: p.id,
      endsAt: T0 + 14 * DAY,
      remainingAtPrice: 25,
    });
    expect(priceNow(A, src, usageOf({ [p.id]: 90 }), T0 + HOUR).remainingAtPrice).toBe(10);
  });

  test('the current daily window closes before endsAt', () => {
    const p = promo('amount_off', {
      target: { skus: ['A'] },
      amount: 100,
      endsAt: T0 + 14 * DAY,
      timezone: 'UTC',
      dailyWindows: [{ days: ['tue'], from: '00:00', to: '06:00' }],
    });
    expect(priceNow(A, buildPromotionIndex([p]), usageOf(), T0 + HOUR)).toMatchObject({
      price: 900,
      endsAt: T0 + 6 * HOUR,
    });
  });

  test('per-customer limit: with a customer the remaining limit bounds it; without one the list price', () => {
    const p = promo('percent_off', { target: { skus: ['A'] }, percentBps: 1000, perCustomerLimit: 3 });
    const src = buildPromotionIndex([p]);
    expect(priceNow(A, src, usageOf({}, { [p.id]: 1 }), T0, 'c1')).toMatchObject({ price: 900, remainingAtPrice: 2 });
    expect(priceNow(A, src, usageOf(), T0)).toMatchObject({ price: 1000, promotionId: null });
  });

  test('agrees with a one-unit quote', () => {
    const p = promo('tiered', { target: { skus: ['A'] }, tiers: [{ minQuantity: 1, percentBps: 1500 }] });
    const now = priceNow(A, buildPromotionIndex([p]), usageOf(), T0 + HOUR);
    expect(now.price).toBe(run({ items: [A], promos: [p], lines: [['A', 1]] }).total);
    expect(now.promotionId).toBe(p.id);
  });
});
