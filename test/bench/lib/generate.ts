import { mulberry32 } from '../../../src/domain/planner/index.ts';
import type { PromotionInput } from '../../../src/domain/pricing/index.ts';

/** Deterministic PRNG, so every run benchmarks the same catalog, promotions and carts. */
export const rng = mulberry32;

export const skuOf = (i: number) => `S${String(i).padStart(7, '0')}`;
/** 1 tag per 100 SKUs; each product carries two tags. */
export const tagCount = (skus: number) => Math.max(10, Math.floor(skus / 100));
export const tagsOf = (i: number, skus: number) => [`t${i % tagCount(skus)}`, `t${(i * 7 + 3) % tagCount(skus)}`];
export const listPriceOf = (i: number) => 500 + ((i * 7919) % 20000);
export const unitCostOf = (i: number) => Math.floor(listPriceOf(i) * 0.35);

const KINDS = [
  ['percent_off', 30],
  ['amount_off', 10],
  ['fixed_price', 10],
  ['tiered', 15],
  ['bundle', 15],
  ['mix_and_match', 10],
  ['bxgy', 10],
] as const;

/**
 * `count` live promotions of every kind over a catalog of `skus` products; half of those with a target reach their
 * SKUs by tag. Every promotion is valid and clamps at floors rather than being refused.
 */
export function generatePromotions(
  count: number,
  skus: number,
  seed = 7,
  startsAt = '2020-01-01T00:00:00Z',
): PromotionInput[] {
  const r = rng(seed);
  const pick = () => Math.floor(r() * skus);
  const total = KINDS.reduce((s, [, w]) => s + w, 0);
  const out: PromotionInput[] = [];
  for (let n = 0; n < count; n++) {
    let x = r() * total;
    let kind: (typeof KINDS)[number][0] = 'percent_off';
    for (const [k, w] of KINDS) {
      x -= w;
      if (x < 0) {
        kind = k;
        break;
      }
    }
    const byTag = n % 2 === 0;
    const target = byTag
      ? { tags: [`t${Math.floor(r() * tagCount(skus))}`] }
      : {
          skus: Array.from({ length: 1 + Math.floor(r() * 4) }, () => skuOf(pick())).filter(
            (s, i, a) => a.indexOf(s) === i,
          ),
        };
    const base = { name: `P${n}`, startsAt, onFloorBreach: 'clamp' as const, priority: Math.floor(r() * 3) };
    const bps = 500 + Math.floor(r() * 40) * 100;
    switch (kind) {
      case 'percent_off':
        out.push({ ...base, kind, target, percentBps: bps });
        break;
      case 'amount_off':
        out.push({ ...base, kind, target, amount: 50 + Math.floor(r() * 500) });
        break;
      case 'fixed_price':
        out.push({ ...base, kind, target, price: 400 + Math.floor(r() * 10000) });
        break;
      case 'tiered':
        out.push({
          ...base,
          kind,
          target,
          tiers: [
            { minQuantity: 2, percentBps: bps },
            { minQuantity: 4, percentBps: Math.min(10000, bps + 1000) },
          ],
        });
        break;
      case 'bundle': {
        const a = pick();
        let b = pick();
        if (b === a) b = (a + 1) % skus;
        out.push({
          ...base,
          kind,
          items: [
            { sku: skuOf(a), quantity: 1 },
            { sku: skuOf(b), quantity: 1 },
          ],
          price: Math.floor((listPriceOf(a) + listPriceOf(b)) * 0.8),
        });
        break;
      }
      case 'mix_and_match':
        out.push({ ...base, kind, target, quantity: 3, price: 3000 + Math.floor(r() * 20000) });
        break;
      case 'bxgy':
        out.push({ ...base, kind, buy: { target, quantity: 2 }, get: { target, quantity: 1, percentBps: 5000 } });
        break;
    }
  }
  return out;
}

/** Carts of `lines` distinct SKUs, 1–3 units each; half the lines come from a few tags so basket promotions compete. */
export function generateCarts(
  count: number,
  lines: number,
  skus: number,
  seed = 11,
): { sku: string; quantity: number }[][] {
  const r = rng(seed);
  const carts: { sku: string; quantity: number }[][] = [];
  const tags = tagCount(skus);
  for (let c = 0; c < count; c++) {
    const chosen = new Set<number>();
    const tag = Math.floor(r() * tags);
    while (chosen.size < lines) {
      // SKU i carries tag i % tags: pick from one tag for half the cart, at random for the rest.
      const i = chosen.size % 2 === 0 ? tag + tags * Math.floor(r() * Math.floor(skus / tags)) : Math.floor(r() * skus);
      if (i < skus) chosen.add(i);
    }
    carts.push([...chosen].map((i) => ({ sku: skuOf(i), quantity: 1 + Math.floor(r() * 3) })));
  }
  return carts;
}
