import { describe, expect, test } from 'vitest';
import { amounts, item, promo, reasons, run } from './fixtures.ts';

const socks = (sku: string, price: number) => item(sku, price, { tags: ['socks'] });

describe('tiered', () => {
  const tiers = [
    { minQuantity: 2, percentBps: 1000 },
    { minQuantity: 4, percentBps: 2000 },
  ];
  test.each([
    [1, 1000, 0],
    [2, 2000, 200],
    [3, 3000, 300],
    [4, 4000, 800],
    [6, 6000, 1200],
  ])('%i units at 1000', (qty, subtotal, off) => {
    const p = promo('tiered', { target: { skus: ['A'] }, tiers });
    const q = run({ items: [item('A', 1000)], promos: [p], lines: [['A', qty]] });
    expect(q).toMatchObject({ subtotal, discountTotal: off, total: subtotal - off });
    if (off === 0) expect(reasons(q)).toEqual({ [p.id]: 'incomplete_set' });
    else expect(q.applied[0]).toMatchObject({ units: qty, amount: off });
  });

  test('counts units across SKUs of the target; each unit takes the percentage of its own price', () => {
    const p = promo('tiered', { target: { tags: ['socks'] }, tiers });
    const q = run({
      items: [socks('S1', 1000), socks('S2', 505)],
      promos: [p],
      lines: [
        ['S1', 2],
        ['S2', 1],
      ],
    });
    // tier 1 (3 units): 100 + 100 + 51 (50.5 rounds half-up)
    expect(q.lines.map((l) => l.total)).toEqual([1800, 454]);
  });

  test('works on unit-layer prices', () => {
    const pct = promo('percent_off', { target: { skus: ['A'] }, percentBps: 2000 });
    const t = promo('tiered', { target: { skus: ['A'] }, tiers });
    const q = run({ items: [item('A', 1000)], promos: [pct, t], lines: [['A', 2]] });
    expect(q.lines[0]).toMatchObject({ unitPrice: 800, total: 1440 });
    expect(amounts(q)).toEqual({ [pct.id]: 400, [t.id]: 160 });
  });
});

describe('bundle', () => {
  const items = [item('A', 1000), item('B', 600)];
  const pack = (price: number) =>
    promo('bundle', {
      items: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ],
      price,
    });

  test('one set: 400 off, spread by price (250 / 150)', () => {
    const p = pack(1200);
    const q = run({
      items,
      promos: [p],
      lines: [
        ['A', 1],
        ['B', 1],
      ],
    });
    expect(q.total).toBe(1200);
    expect(q.lines.map((l) => l.discounts)).toEqual([
      [{ promotionId: p.id, amount: 250 }],
      [{ promotionId: p.id, amount: 150 }],
    ]);
    expect(q.applied[0]).toMatchObject({ units: 2, amount: 400, unitsBySku: { A: 1, B: 1 } });
  });

  test('only complete sets: 3 A + 2 B → 2 sets, one A at list', () => {
    const p = pack(1200);
    const q = run({
      items,
      promos: [p],
      lines: [
        ['A', 3],
        ['B', 2],
      ],
    });
    expect(q.total).toBe(2 * 1200 + 1000);
    expect(q.applied[0]!.unitsBySku).toEqual({ A: 2, B: 2 });
  });

  test('missing items → incomplete_set; a set price above the items → not_better', () => {
    const p = pack(1200);
    expect(reasons(run({ items, promos: [p], lines: [['A', 2]] }))).toEqual({ [p.id]: 'incomplete_set' });
    const dear = pack(1700);
    const q = run({
      items,
      promos: [dear],
      lines: [
        ['A', 1],
        ['B', 1],
      ],
    });
    expect(q.total).toBe(1600);
    expect(reasons(q)).toEqual({ [dear.id]: 'not_better' });
  });

  test('the dearest units of a SKU go into the set', () => {
    const cap = promo('amount_off', { target: { skus: ['A'] }, amount: 500, stockCap: 1 });
    const p = pack(1200);
    const q = run({
      items,
      promos: [cap, p],
      lines: [
        ['A', 2],
        ['B', 1],
      ],
    });
    // A units at 500 (capped promo) and 1000: the set takes A@1000 + B@600 → 400 off; A@500 stays.
    expect(q.total).toBe(500 + 1200);
  });
});

describe('mix_and_match', () => {
  test('3 for 2000, dearest grouped first: 1000 + 900 + 800 → 700 off, 300 stays', () => {
    const p = promo('mix_and_match', { target: { tags: ['socks'] }, quantity: 3, price: 2000 });
    const q = run({
      items: [socks('S1', 1000), socks('S2', 900), socks('S3', 800), socks('S4', 300)],
      promos: [p],
      lines: [
        ['S4', 1],
        ['S1', 1],
        ['S2', 1],
        ['S3', 1],
      ],
    });
    expect(q.total).toBe(2300);
    // allocate(700, [1000, 900, 800]) → [259, 233, 208]
    expect(q.lines.map((l) => l.total)).toEqual([300, 741, 667, 592]);
  });

  test('a group is applied only where it lowers the price', () => {
    const p = promo('mix_and_match', { target: { skus: ['A'] }, quantity: 2, price: 1500 });
    const q = run({ items: [item('A', 700)], promos: [p], lines: [['A', 4]] });
    expect(q.total).toBe(2800);
    expect(reasons(q)).toEqual({ [p.id]: 'not_better' });
    const few = run({ items: [item('A', 1000)], promos: [p], lines: [['A', 1]] });
    expect(reasons(few)).toEqual({ [p.id]: 'incomplete_set' });
  });
});

describe('bxgy', () => {
  const b2g1 = () =>
    promo('bxgy', {
      buy: { target: { tags: ['socks'] }, quantity: 2 },
      get: { target: { tags: ['socks'] }, quantity: 1, percentBps: 10000 },
    });

  test('buy 2 get 1 free: in each group of 3 (dearest first) the cheapest is free', () => {
    const p = b2g1();
    const q = run({
      items: [socks('S1', 500), socks('S2', 400), socks('S3', 300), socks('S4', 200)],
      promos: [p],
      lines: [
        ['S1', 1],
        ['S2', 1],
        ['S3', 1],
        ['S4', 1],
      ],
    });
    expect(q.total).toBe(1100);
    // the 300 off is spread over the group by price: 125 / 100 / 75
    expect(q.lines.map((l) => l.total)).toEqual([375, 300, 225, 200]);
    expect(q.applied[0]).toMatchObject({ units: 3, amount: 300 });
  });

  test('two groups: (600, 500, 400) and (300, 200, 100) → 400 + 100 off', () => {
    const p = b2g1();
    const prices = [600, 500, 400, 300, 200, 100];
    const items = prices.map((pr, i) => socks(`S${i}`, pr));
    const q = run({ items, promos: [p], lines: items.map((it) => [it.sku, 1] as [string, number]) });
    expect(q.discountTotal).toBe(500);
  });

  test('different buy and get targets: buy a shoe, get socks 50 % off', () => {
    const p = promo('bxgy', {
      buy: { target: { skus: ['SHOE'] }, quantity: 1 },
      get: { target: { skus: ['SOCK'] }, quantity: 1, percentBps: 5000 },
    });
    const q = run({
      items: [item('SHOE', 5000), item('SOCK', 400)],
      promos: [p],
      lines: [
        ['SHOE', 1],
        ['SOCK', 2],
      ],
    });
    expect(q.discountTotal).toBe(200);
    expect(q.applied[0]!.unitsBySku).toEqual({ SHOE: 1, SOCK: 1 });
    const noShoe = run({ items: [item('SHOE', 5000), item('SOCK', 400)], promos: [p], lines: [['SOCK', 2]] });
    expect(reasons(noShoe)).toEqual({ [p.id]: 'incomplete_set' });
  });
});
