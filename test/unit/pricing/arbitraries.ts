/** fast-check generators of catalogs, promotions of every kind, usage and carts for the property tests. */
import fc from 'fast-check';
import type { CatalogItem, Promotion, Target } from '../../../src/domain/pricing/index.ts';
import { T0 } from './fixtures.ts';

export const SKUS = ['S0', 'S1', 'S2', 'S3', 'S4'];
const TAGS = ['t0', 't1'];

const arbItem = (sku: string, floors: boolean): fc.Arbitrary<CatalogItem> =>
  fc
    .record({
      listPrice: fc.integer({ min: 0, max: 3000 }),
      floorPct: floors ? fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 120 })) : fc.constant(0),
      tags: fc.subarray(TAGS),
      available: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    })
    .map(({ listPrice, floorPct, tags, available }) => ({
      sku,
      listPrice,
      floor: Math.floor((listPrice * floorPct) / 100),
      tags,
      ...(available === undefined ? {} : { available }),
    }));

/** Five SKUs; with `floors`, floors range from 0 to 120 % of the list price (some SKUs listed below their floor). */
export const arbCatalog = (floors: boolean): fc.Arbitrary<CatalogItem[]> =>
  fc.tuple(...SKUS.map((sku) => arbItem(sku, floors)));

const arbTarget: fc.Arbitrary<Target> = fc
  .record({ skus: fc.subarray(SKUS), tags: fc.subarray(TAGS, { maxLength: 1 }) })
  .filter((t) => t.skus.length + t.tags.length > 0);
const bps = fc.integer({ min: 1, max: 10000 });

const arbKind: fc.Arbitrary<Partial<Promotion>> = fc.oneof(
  fc.record({ kind: fc.constant('percent_off' as const), target: arbTarget, percentBps: bps }),
  fc.record({ kind: fc.constant('amount_off' as const), target: arbTarget, amount: fc.integer({ min: 1, max: 2000 }) }),
  fc.record({ kind: fc.constant('fixed_price' as const), target: arbTarget, price: fc.integer({ min: 0, max: 3000 }) }),
  fc.record({
    kind: fc.constant('tiered' as const),
    target: arbTarget,
    tiers: fc
      .uniqueArray(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 })
      .chain((qs) =>
        fc.tuple(
          ...qs.sort((a, b) => a - b).map((minQuantity) => bps.map((percentBps) => ({ minQuantity, percentBps }))),
        ),
      ),
  }),
  fc.record({
    kind: fc.constant('bundle' as const),
    items: fc
      .uniqueArray(fc.constantFrom(...SKUS), { minLength: 1, maxLength: 3 })
      .chain((skus) =>
        fc.tuple(...skus.map((sku) => fc.integer({ min: 1, max: 2 }).map((quantity) => ({ sku, quantity })))),
      )
      .filter((items) => items.reduce((n, i) => n + i.quantity, 0) >= 2),
    price: fc.integer({ min: 0, max: 6000 }),
  }),
  fc.record({
    kind: fc.constant('mix_and_match' as const),
    target: arbTarget,
    quantity: fc.integer({ min: 2, max: 4 }),
    price: fc.integer({ min: 0, max: 6000 }),
  }),
  fc.record({
    kind: fc.constant('bxgy' as const),
    buy: fc.record({ target: arbTarget, quantity: fc.integer({ min: 1, max: 2 }) }),
    get: fc.record({ target: arbTarget, quantity: fc.integer({ min: 1, max: 2 }), percentBps: bps }),
  }),
);

const arbPromoBody = fc.record({
  def: arbKind,
  stockCap: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
  perCustomerLimit: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
  priority: fc.integer({ min: 0, max: 2 }),
  createdAt: fc.integer({ min: 0, max: 3 }),
  state: fc.constantFrom('active', 'active', 'active', 'active', 'paused'),
  capUsed: fc.integer({ min: 0, max: 3 }),
  customerUsed: fc.integer({ min: 0, max: 2 }),
});

export interface World {
  items: CatalogItem[];
  promos: Promotion[];
  capUsed: Record<string, number>;
  customerUsed: Record<string, number>;
  lines: [string, number][];
  customerId: string | null;
}

type BodyOf = typeof arbPromoBody extends fc.Arbitrary<infer T> ? T : never;

function toPromo(b: BodyOf, i: number): Promotion {
  return {
    id: `p${i}`,
    name: `p${i}`,
    startsAt: T0,
    endsAt: null,
    onFloorBreach: 'clamp',
    ...b.def,
    stockCap: b.stockCap,
    perCustomerLimit: b.perCustomerLimit,
    priority: b.priority,
    createdAt: b.createdAt,
    state: b.state as Promotion['state'],
  } as Promotion;
}

export const arbWorld = (maxPromos: number, floors = true): fc.Arbitrary<World> =>
  fc
    .record({
      items: arbCatalog(floors),
      bodies: fc.array(arbPromoBody, { minLength: 0, maxLength: maxPromos }),
      lines: fc.uniqueArray(fc.tuple(fc.constantFrom(...SKUS), fc.integer({ min: 1, max: 6 })), {
        minLength: 1,
        maxLength: 5,
        selector: (l) => l[0],
      }),
      customerId: fc.constantFrom(null, 'c'),
    })
    .map(({ items, bodies, lines, customerId }) => ({
      items,
      promos: bodies.map(toPromo),
      capUsed: Object.fromEntries(bodies.map((b, i) => [`p${i}`, b.capUsed])),
      customerUsed: Object.fromEntries(bodies.map((b, i) => [`p${i}`, b.customerUsed])),
      lines,
      customerId,
    }));

/** One more promotion to add to a world (id `extra`). */
export const arbExtra: fc.Arbitrary<Promotion> = arbPromoBody.map((b) => ({
  ...toPromo(b, 0),
  id: 'extra',
  name: 'extra',
}));
