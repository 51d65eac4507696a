import { describe, expect, test } from 'vitest';
import { type PromotionInput, toPromotion, validatePromotion } from '../../../src/domain/pricing/index.ts';

const base = { name: 'Clearance', startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-15T00:00:00+08:00' };
const target = { skus: ['A'], tags: ['winter'] };
const valid: Record<string, Partial<PromotionInput>> = {
  percent_off: { target, percentBps: 3000, steps: [{ afterSeconds: 86400, percentBps: 5000 }] },
  amount_off: { target, amount: 500 },
  fixed_price: { target, price: 4999 },
  tiered: {
    target,
    tiers: [
      { minQuantity: 3, percentBps: 1000 },
      { minQuantity: 5, percentBps: 2000 },
    ],
  },
  bundle: {
    items: [
      { sku: 'SHAMPOO', quantity: 1 },
      { sku: 'CONDITIONER', quantity: 1 },
    ],
    price: 1500,
  },
  mix_and_match: { target, quantity: 3, price: 2000 },
  bxgy: {
    buy: { target: { tags: ['socks'] }, quantity: 2 },
    get: { target: { tags: ['socks'] }, quantity: 1, percentBps: 10000 },
  },
};
const body = (kind: string, extra: Record<string, unknown> = {}) =>
  ({ ...base, kind, ...valid[kind], ...extra }) as unknown as PromotionInput;
const fields = (def: PromotionInput) => validatePromotion(def).map((i) => i.field);

describe('validatePromotion', () => {
  test.each(Object.keys(valid))('a valid %s has no issues', (kind) => {
    expect(validatePromotion(body(kind))).toEqual([]);
  });

  test('windows, timezone, caps and options that are valid', () => {
    const def = body('percent_off', {
      timezone: 'Asia/Shanghai',
      dailyWindows: [
        { days: ['fri'], from: '22:00', to: '02:00' },
        { days: ['sat', 'sun'], from: '00:00', to: '24:00' },
      ],
      stockCap: 100,
      perCustomerLimit: 2,
      priority: -3,
      onFloorBreach: 'clamp',
      endsAt: null,
    });
    expect(validatePromotion(def)).toEqual([]);
  });

  test.each([
    ['percent_off needs percentBps', 'percent_off', { percentBps: undefined }, ['/percentBps']],
    ['bps above 10000', 'percent_off', { percentBps: 10001, steps: undefined }, ['/percentBps']],
    ['bps of 0', 'tiered', { tiers: [{ minQuantity: 1, percentBps: 0 }] }, ['/tiers/0/percentBps']],
    ['amount ≥ 1', 'amount_off', { amount: 0 }, ['/amount']],
    ['fixed_price needs price', 'fixed_price', { price: undefined }, ['/price']],
    ['tiers non-empty', 'tiered', { tiers: [] }, ['/tiers']],
    [
      'tiers strictly increasing',
      'tiered',
      {
        tiers: [
          { minQuantity: 3, percentBps: 1000 },
          { minQuantity: 3, percentBps: 2000 },
        ],
      },
      ['/tiers/1/minQuantity'],
    ],
    ['minQuantity ≥ 1', 'tiered', { tiers: [{ minQuantity: 0, percentBps: 1000 }] }, ['/tiers/0/minQuantity']],
    ['bundle of one unit', 'bundle', { items: [{ sku: 'A', quantity: 1 }] }, ['/items']],
    [
      'bundle SKUs distinct',
      'bundle',
      {
        items: [
          { sku: 'A', quantity: 1 },
          { sku: 'A', quantity: 2 },
        ],
      },
      ['/items/1/sku'],
    ],
    ['mix_and_match quantity ≥ 2', 'mix_and_match', { quantity: 1 }, ['/quantity']],
    ['mix_and_match needs price', 'mix_and_match', { price: undefined }, ['/price']],
    ['bxgy needs get', 'bxgy', { get: undefined }, ['/get']],
    ['bxgy get bps', 'bxgy', { get: { target, quantity: 1, percentBps: 0 } }, ['/get/percentBps']],
    ['bxgy buy target non-empty', 'bxgy', { buy: { target: {}, quantity: 1 } }, ['/buy/target']],
    ['target required', 'amount_off', { target: undefined }, ['/target']],
    ['target non-empty', 'amount_off', { target: { skus: [], tags: [] } }, ['/target']],
    ['a field of another kind', 'percent_off', { items: [{ sku: 'A', quantity: 2 }] }, ['/items']],
    ['bundle takes no target', 'bundle', { target }, ['/target']],
    ['bxgy takes no top-level target', 'bxgy', { target }, ['/target']],
    ['steps only on percent_off', 'amount_off', { steps: [{ afterSeconds: 1, percentBps: 100 }] }, ['/steps']],
    ['unknown field', 'amount_off', { foo: 1 }, ['/foo']],
    ['endsAt after startsAt', 'amount_off', { endsAt: '2026-12-01T00:00:00Z' }, ['/endsAt']],
    ['instants need an offset', 'amount_off', { startsAt: '2026-12-01T00:00:00' }, ['/startsAt']],
    ['dates must exist', 'amount_off', { startsAt: '2026-02-30T00:00:00Z' }, ['/startsAt']],
    ['IANA timezone', 'amount_off', { timezone: 'Mars/Olympus' }, ['/timezone']],
    [
      'timezone required with windows',
      'amount_off',
      { dailyWindows: [{ days: ['mon'], from: '09:00', to: '10:00' }] },
      ['/timezone'],
    ],
    [
      'HH:MM windows',
      'amount_off',
      { timezone: 'UTC', dailyWindows: [{ days: ['mon'], from: '24:00', to: '25:00' }] },
      ['/dailyWindows/0/from', '/dailyWindows/0/to'],
    ],
    [
      'from ≠ to',
      'amount_off',
      { timezone: 'UTC', dailyWindows: [{ days: ['mon'], from: '09:00', to: '09:00' }] },
      ['/dailyWindows/0/to'],
    ],
    [
      'days',
      'amount_off',
      { timezone: 'UTC', dailyWindows: [{ days: ['funday'], from: '09:00', to: '10:00' }] },
      ['/dailyWindows/0/days/0'],
    ],
    [
      'steps afterSeconds > 0',
      'percent_off',
      { steps: [{ afterSeconds: 0, percentBps: 5000 }] },
      ['/steps/0/afterSeconds'],
    ],
    [
      'steps increasing',
      'percent_off',
      {
        steps: [
          { afterSeconds: 100, percentBps: 4000 },
          { afterSeconds: 100, percentBps: 5000 },
        ],
      },
      ['/steps/1/afterSeconds'],
    ],
    [
      'steps deeper than the base',
      'percent_off',
      { steps: [{ afterSeconds: 100, percentBps: 3000 }] },
      ['/steps/0/percentBps'],
    ],
    ['stockCap positive integer', 'amount_off', { stockCap: 0 }, ['/stockCap']],
    ['perCustomerLimit integer', 'amount_off', { perCustomerLimit: 1.5 }, ['/perCustomerLimit']],
    ['onFloorBreach', 'amount_off', { onFloorBreach: 'ignore' }, ['/onFloorBreach']],
    ['kind', 'coupon', {}, ['/kind']],
  ])('%s', (_, kind, extra, expected) => {
    expect(fields(body(kind, extra))).toEqual(expected);
  });

  test('messages name the problem', () => {
    expect(validatePromotion(body('percent_off', { items: [] }))).toEqual([
      { field: '/items', message: 'is not allowed for percent_off' },
    ]);
  });
});

describe('toPromotion', () => {
  test('parses instants, applies defaults, keeps only given fields', () => {
    const p = toPromotion(body('percent_off', { timezone: 'UTC' }), { id: 'p1', createdAt: 5 });
    expect(p).toEqual({
      id: 'p1',
      name: 'Clearance',
      kind: 'percent_off',
      target,
      percentBps: 3000,
      steps: [{ afterSeconds: 86400, percentBps: 5000 }],
      startsAt: Date.UTC(2026, 11, 1),
      endsAt: Date.UTC(2026, 11, 14, 16),
      timezone: 'UTC',
      stockCap: null,
      perCustomerLimit: null,
      priority: 0,
      onFloorBreach: 'reject',
      state: 'active',
      createdAt: 5,
    });
    expect(
      toPromotion(body('bundle', { endsAt: undefined }), { id: 'b', createdAt: 0, state: 'paused' }),
    ).toMatchObject({
      endsAt: null,
      state: 'paused',
      items: valid.bundle!.items,
    });
  });
});
