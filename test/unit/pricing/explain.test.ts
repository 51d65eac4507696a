import { describe, expect, test } from 'vitest';
import { AppError } from '../../../src/domain/errors.ts';
import { type Promotion, type PromotionSource, quote } from '../../../src/domain/pricing/index.ts';
import { catalogOf, DAY, HOUR, item, promo, reasons, run, T0, usageOf } from './fixtures.ts';

const A = item('A', 1000);
const onA = { target: { skus: ['A'] } };
const pct = (extra: Partial<Promotion> = {}) => promo('percent_off', { ...onA, percentBps: 1000, ...extra });
const pair = (extra: Partial<Promotion> = {}) =>
  promo('bundle', {
    items: [
      { sku: 'A', quantity: 1 },
      { sku: 'B', quantity: 1 },
    ],
    price: 1200,
    ...extra,
  });
const AB = [A, item('B', 600)];

describe('every notApplied reason', () => {
  test.each([
    ['paused', () => ({ promos: [pct({ state: 'paused' })] })],
    ['outside_window', () => ({ promos: [pct({ state: 'ended' })] })],
    ['outside_window', () => ({ promos: [pct({ startsAt: T0 + 2 * HOUR })] })],
    ['outside_window', () => ({ promos: [pct({ endsAt: T0 + HOUR })] })],
    [
      'outside_window',
      () => ({ promos: [pct({ timezone: 'UTC', dailyWindows: [{ days: ['mon'], from: '09:00', to: '10:00' }] })] }),
    ],
    ['cap_exhausted', () => ({ promos: [pct({ id: 'CAP', stockCap: 3 })], usage: usageOf({ CAP: 3 }) })],
    [
      'customer_limit',
      () => ({ promos: [pct({ id: 'LIM', perCustomerLimit: 1 })], usage: usageOf({}, { LIM: 1 }), customerId: 'c' }),
    ],
    ['customer_required', () => ({ promos: [pct({ perCustomerLimit: 1 })] })],
    ['margin_floor', () => ({ promos: [pct({ percentBps: 5000 })], items: [item('A', 1000, { floor: 1000 })] })],
    ['incomplete_set', () => ({ promos: [pair()] })],
    ['not_better', () => ({ promos: [pct({ percentBps: 500 }), pct({ id: 'ZZZ', percentBps: 2000 })] })],
    ['out_of_stock', () => ({ promos: [pct()], items: [item('A', 1000, { available: 0 })] })],
    // basket kinds
    [
      'cap_exhausted',
      () => ({ promos: [pair({ id: 'CAP', stockCap: 3 })], items: AB, lines: 'AB', usage: usageOf({ CAP: 2 }) }),
    ],
    [
      'customer_limit',
      () => ({
        promos: [pair({ id: 'LIM', perCustomerLimit: 4 })],
        items: AB,
        lines: 'AB',
        usage: usageOf({}, { LIM: 3 }),
        customerId: 'c',
      }),
    ],
    ['not_better', () => ({ promos: [pair({ price: 2000 })], items: AB, lines: 'AB' })],
    [
      'out_of_stock',
      () => ({
        promos: [pair()],
        items: [item('A', 1000, { available: 0 }), item('B', 600, { available: 0 })],
        lines: 'AB',
      }),
    ],
  ] as const)('%s (case %#)', (reason, make) => {
    const c: {
      promos: Promotion[];
      items?: ReturnType<typeof item>[];
      lines?: 'AB';
      usage?: ReturnType<typeof usageOf>;
      customerId?: string;
    } = make();
    const q = run({
      items: c.items ?? [A, item('B', 600)],
      promos: c.promos,
      lines: c.lines
        ? [
            ['A', 1],
            ['B', 1],
          ]
        : [['A', 1]],
      usage: c.usage,
      customerId: c.customerId,
    });
    const first = c.promos[0]!;
    expect(reasons(q)[first.id]).toBe(reason);
    expect(q.applied.some((a) => a.promotionId === first.id)).toBe(false);
  });
});

describe('completeness and stability', () => {
  test('every touching promotion is in exactly one list; untouching ones in neither; sorted by id', () => {
    const promos = [
      pct({ id: 'p3', percentBps: 3000, stockCap: 1 }),
      pct({ id: 'p1', state: 'paused' }),
      pair({ id: 'p2' }),
      promo('percent_off', { id: 'p0', target: { skus: ['ZZZ'] }, percentBps: 1000 }),
    ];
    // a source that returns everything, touching or not, duplicated
    const source: PromotionSource = { candidates: () => [...promos, ...promos] };
    const q = quote({ lines: [{ sku: 'A', quantity: 2 }] }, catalogOf(AB), source, usageOf(), T0 + HOUR);
    expect(q.applied.map((a) => a.promotionId)).toEqual(['p3']);
    expect(q.notApplied).toEqual([
      { promotionId: 'p1', reason: 'paused' },
      { promotionId: 'p2', reason: 'incomplete_set' },
    ]);
  });

  test('a promotion applying on some units and capped on others is in applied with what it applied', () => {
    const p = pct({ stockCap: 2 });
    const q = run({ items: [A], promos: [p], lines: [['A', 5]] });
    expect(q.applied).toMatchObject([{ promotionId: p.id, units: 2, amount: 200 }]);
    expect(q.notApplied).toEqual([]);
  });

  test('out_of_stock only when every touched SKU is out of stock', () => {
    const p = promo('percent_off', { target: { skus: ['A', 'B'] }, percentBps: 1000 });
    const q = run({
      items: [item('A', 1000, { available: 0 }), item('B', 600, { available: 5 })],
      promos: [p],
      lines: [
        ['A', 1],
        ['B', 1],
      ],
    });
    expect(q.applied.map((a) => a.promotionId)).toEqual([p.id]);
  });

  test('unknown SKU → AppError unknown_sku with details.skus', () => {
    const err = (() => {
      try {
        run({
          items: [A],
          promos: [],
          lines: [
            ['A', 1],
            ['NOPE', 2],
          ],
        });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'unknown_sku', details: { skus: ['NOPE'] } });
  });

  test('same input twice → deep-equal output; promotion order does not matter', () => {
    const promos = [pct({ percentBps: 2000, stockCap: 3 }), pair(), pct({ percentBps: 1500 })];
    const a = run({
      items: AB,
      promos,
      lines: [
        ['A', 5],
        ['B', 2],
      ],
      at: T0 + DAY,
    });
    const b = run({
      items: AB,
      promos: [...promos].reverse(),
      lines: [
        ['A', 5],
        ['B', 2],
      ],
      at: T0 + DAY,
    });
    expect(b).toEqual(a);
  });
});
