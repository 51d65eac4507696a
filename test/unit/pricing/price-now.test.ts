import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildPromotionIndex, priceNow, priceNowByQuote } from '../../../src/domain/pricing/index.ts';
import { arbWorld } from './arbitraries.ts';
import { HOUR, item, promo, T0, usageOf } from './fixtures.ts';

describe('priceNow (the direct single-unit price)', () => {
  test('gives exactly what a quote of a one-unit cart gives, on random catalogs and promotions', () => {
    fc.assert(
      fc.property(arbWorld(8), fc.integer({ min: 0, max: 3 }), fc.integer({ min: -2, max: 30 }), (w, avail, hours) => {
        const index = buildPromotionIndex(w.promos);
        const usage = usageOf(w.capUsed, w.customerUsed);
        const at = T0 + hours * HOUR;
        for (const base of w.items) {
          for (const it of [base, { ...base, available: avail }]) {
            expect(priceNow(it, index, usage, at, w.customerId)).toEqual(
              priceNowByQuote(it, index, usage, at, w.customerId),
            );
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  test.each([
    ['unit promotion', [promo('percent_off', { id: 'u', target: { skus: ['A'] }, percentBps: 2000 })], 800, 'u'],
    [
      'tier with minQuantity 1 on top of a unit price',
      [
        promo('amount_off', { id: 'u', target: { skus: ['A'] }, amount: 100 }),
        promo('tiered', { id: 't', target: { skus: ['A'] }, tiers: [{ minQuantity: 1, percentBps: 5000 }] }),
      ],
      450,
      't',
    ],
    [
      'equal tiers: the higher priority wins, as in a quote',
      [
        promo('tiered', { id: 't1', target: { skus: ['A'] }, tiers: [{ minQuantity: 1, percentBps: 1000 }] }),
        promo('tiered', {
          id: 't2',
          target: { skus: ['A'] },
          tiers: [{ minQuantity: 1, percentBps: 1000 }],
          priority: 5,
        }),
      ],
      900,
      't2',
    ],
    [
      'a bundle needs two units',
      [
        promo('bundle', {
          id: 'b',
          items: [
            { sku: 'A', quantity: 1 },
            { sku: 'B', quantity: 1 },
          ],
          price: 100,
        }),
      ],
      1000,
      null,
    ],
  ])('%s', (_name, promos, price, promotionId) => {
    const p = priceNow(item('A', 1000), buildPromotionIndex(promos), usageOf(), T0 + HOUR, null);
    expect(p).toMatchObject({ price, promotionId });
  });
});
