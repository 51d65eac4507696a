import { describe, expect, test } from 'vitest';
import { EXACT_MAX_PROMOTIONS } from '../../../src/domain/pricing/index.ts';
import { amounts, item, promo, reasons, run } from './fixtures.ts';

const one = (...skus: string[]) => skus.map((s) => [s, 1] as [string, number]);

describe('best for the shopper among overlapping basket promotions', () => {
  test('bundle vs bxgy + mix_and_match: the biggest single saving is not the best (greedy would take the bundle)', () => {
    const items = ['A', 'B', 'C', 'D'].map((s) => item(s, 1000));
    const bundle = promo('bundle', {
      items: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ],
      price: 800,
    }); // 1200 off alone
    const bxgy = promo('bxgy', {
      buy: { target: { skus: ['A'] }, quantity: 1 },
      get: { target: { skus: ['C'] }, quantity: 1, percentBps: 10000 },
    }); // 1000 off
    const mm = promo('mix_and_match', { target: { skus: ['B', 'D'] }, quantity: 2, price: 1000 }); // 1000 off
    const q = run({ items, promos: [bundle, bxgy, mm], lines: one('A', 'B', 'C', 'D') });
    expect(q.total).toBe(2000);
    expect(amounts(q)).toEqual({ [bxgy.id]: 1000, [mm.id]: 1000 });
    expect(reasons(q)).toEqual({ [bundle.id]: 'not_better' });
  });

  test('a promotion may take fewer sets than it could: one mix_and_match group leaves A for the bundle', () => {
    // A×3 at 1000, B×1 at 1000. m&m "2 A for 1200" saves 800 per group; bundle A+B for 1000 saves 1000.
    const items = [item('A', 1000), item('B', 1000)];
    const mm = promo('mix_and_match', { target: { skus: ['A'] }, quantity: 2, price: 1200 });
    const bundle = promo('bundle', {
      items: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ],
      price: 1000,
    });
    const q = run({
      items,
      promos: [mm, bundle],
      lines: [
        ['A', 3],
        ['B', 1],
      ],
    });
    expect(q.total).toBe(1200 + 1000);
    expect(q.applied.map((a) => a.unitsBySku)).toEqual([{ A: 2 }, { A: 1, B: 1 }]);
  });

  test('order matters: mix_and_match before the bundle', () => {
    // A×3 at 1000, B at 100: bundle A+B for 1000 saves 100; m&m 3 A for 2000 saves 1000.
    const items = [item('A', 1000), item('B', 100)];
    const bundle = promo('bundle', {
      items: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ],
      price: 1000,
      priority: 10,
    });
    const mm = promo('mix_and_match', { target: { skus: ['A'] }, quantity: 3, price: 2000 });
    const q = run({
      items,
      promos: [bundle, mm],
      lines: [
        ['A', 3],
        ['B', 1],
      ],
    });
    expect(q.total).toBe(2100);
    expect(reasons(q)).toEqual({ [bundle.id]: 'not_better' });
  });

  test('ties: fewer promotions win, then higher priority', () => {
    const items = [item('A', 1000), item('B', 1000)];
    const pack = (priority: number) =>
      promo('bundle', {
        items: [
          { sku: 'A', quantity: 1 },
          { sku: 'B', quantity: 1 },
        ],
        price: 1000,
        priority,
      });
    const tierA = promo('tiered', {
      target: { skus: ['A'] },
      tiers: [{ minQuantity: 1, percentBps: 5000 }],
      priority: 50,
    });
    const tierB = promo('tiered', {
      target: { skus: ['B'] },
      tiers: [{ minQuantity: 1, percentBps: 5000 }],
      priority: 50,
    });
    const low = pack(0);
    const high = pack(3);
    const q = run({ items, promos: [tierA, tierB, low, high], lines: one('A', 'B') });
    expect(q.total).toBe(1000);
    expect(q.applied.map((a) => a.promotionId)).toEqual([high.id]);
    expect(reasons(q)).toEqual({ [tierA.id]: 'not_better', [tierB.id]: 'not_better', [low.id]: 'not_better' });
  });
});

describe(`the exact bound: ≤ ${EXACT_MAX_PROMOTIONS} competing basket promotions`, () => {
  // A and B at 10000. The bundle saves 100 on its own; two single-SKU tiers save 70 each, 140 together.
  // Fillers (tiered 1 bps on A, 1 off each) compete for A and only add to the count.
  const setup = (fillers: number) => {
    const items = [item('A', 10000), item('B', 10000)];
    const bundle = promo('bundle', {
      items: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ],
      price: 19900,
    });
    const tier = (sku: string, percentBps: number) =>
      promo('tiered', { target: { skus: [sku] }, tiers: [{ minQuantity: 1, percentBps }] });
    const promos = [bundle, tier('A', 70), tier('B', 70), ...Array.from({ length: fillers }, () => tier('A', 1))];
    return run({ items, promos, lines: one('A', 'B') });
  };

  test(`${EXACT_MAX_PROMOTIONS} competing: exact search finds 140 off`, () => {
    expect(setup(EXACT_MAX_PROMOTIONS - 3).discountTotal).toBe(140);
  });

  test(`${EXACT_MAX_PROMOTIONS + 1} competing: the documented heuristic takes the bundle (100 off)`, () => {
    const q = setup(EXACT_MAX_PROMOTIONS - 2);
    expect(q.discountTotal).toBe(100);
    expect(q.total).toBe(19900);
  });
});

describe('large quantities stay fast and correct', () => {
  test('5000 units under competing bundle and mix_and_match (search budget → heuristic)', () => {
    const items = [item('A', 1000), item('B', 1000)];
    const bundle = promo('bundle', {
      items: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ],
      price: 1500,
    });
    const mm = promo('mix_and_match', { target: { skus: ['A', 'B'] }, quantity: 3, price: 2000 });
    const started = performance.now();
    const q = run({
      items,
      promos: [bundle, mm],
      lines: [
        ['A', 5000],
        ['B', 5000],
      ],
    });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(q.total).toBe(q.lines.reduce((s, l) => s + l.total, 0));
    // the heuristic applies m&m first (its standalone saving is larger): 3333 groups of 1000 off leave one B unit
    expect(q.discountTotal).toBe(3333 * 1000);
  });
});

describe('the search budget (safety valve)', () => {
  test('8 promotions competing for 100 units finish quickly through the heuristic, money still adds up', () => {
    const items = Array.from({ length: 20 }, (_, i) => item(`S${i}`, 1000 + i * 37, { tags: ['t'] }));
    const t = { tags: ['t'] };
    const promos = [
      promo('mix_and_match', { target: t, quantity: 3, price: 2500 }),
      promo('mix_and_match', { target: t, quantity: 2, price: 1800 }),
      promo('bxgy', { buy: { target: t, quantity: 2 }, get: { target: t, quantity: 1, percentBps: 10000 } }),
      promo('bxgy', { buy: { target: t, quantity: 1 }, get: { target: t, quantity: 1, percentBps: 5000 } }),
      promo('tiered', { target: t, tiers: [{ minQuantity: 5, percentBps: 1000 }] }),
      promo('bundle', {
        items: [
          { sku: 'S0', quantity: 1 },
          { sku: 'S1', quantity: 1 },
        ],
        price: 1500,
      }),
      promo('bundle', {
        items: [
          { sku: 'S2', quantity: 2 },
          { sku: 'S3', quantity: 1 },
        ],
        price: 2500,
      }),
      promo('mix_and_match', { target: t, quantity: 4, price: 3000, stockCap: 12 }),
    ];
    const started = performance.now();
    const q = run({ items, promos, lines: items.map((i) => [i.sku, 5] as [string, number]) });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(q.lines.reduce((s, l) => s + l.total, 0)).toBe(q.total);
    expect(q.applied.reduce((s, a) => s + a.amount, 0)).toBe(q.discountTotal);
    expect(q.discountTotal).toBeGreaterThan(0);
  });
});
