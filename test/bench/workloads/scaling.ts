import { performance } from 'node:perf_hooks';
import { effectiveFloor } from '../../../src/domain/floor.ts';
import {
  buildPromotionIndex,
  type CatalogItem,
  type PromotionInput,
  quote,
  toPromotion,
  type Usage,
} from '../../../src/domain/pricing/index.ts';
import { type BenchContext, fmt } from '../lib/context.ts';
import { generateCarts, generatePromotions, listPriceOf, skuOf, tagsOf, unitCostOf } from '../lib/generate.ts';

const REGION = 10_000;
const NO_USAGE: Usage = { capUsed: () => 0, customerUsed: () => 0 };

/** Moves a promotion to another region of the catalog: every SKU and tag it names gets the region's prefix. */
function shift(p: PromotionInput, region: number): PromotionInput {
  const json = JSON.stringify(p).replace(/"(S\d{7}|t\d+)"/g, (_m, name: string) => `"r${region}-${name}"`);
  return JSON.parse(json) as PromotionInput;
}

function catalog(size: number): Map<string, CatalogItem> {
  const items = new Map<string, CatalogItem>();
  for (let i = 0; i < size; i++) {
    const region = Math.floor(i / REGION);
    const k = i % REGION;
    const prefix = region === 0 ? '' : `r${region}-`;
    const sku = `${prefix}${skuOf(k)}`;
    const floor = effectiveFloor({ unitCost: unitCostOf(k), minMarginBps: null, floorPrice: null }, 1000);
    items.set(sku, { sku, listPrice: listPriceOf(k), floor, tags: tagsOf(k, REGION).map((t) => `${prefix}${t}`) });
  }
  return items;
}

/** Median microseconds per 20-line quote over the same carts. */
function timeQuotes(items: Map<string, CatalogItem>, promotions: PromotionInput[], seconds: number): number {
  const index = buildPromotionIndex(promotions.map((p, i) => toPromotion(p, { id: `p${i}`, createdAt: i })));
  const cat = { get: (sku: string) => items.get(sku) };
  const carts = generateCarts(200, 20, REGION).map((lines) => ({ lines, customerId: 'c1' }));
  const at = Date.parse('2026-06-01T12:00:00Z');
  const warm = performance.now() + Math.min(1000, seconds * 500);
  while (performance.now() < warm) for (const cart of carts) quote(cart, cat, index, NO_USAGE, at); // JIT, lazy caches
  const samples: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const t0 = performance.now();
    for (const cart of carts) quote(cart, cat, index, NO_USAGE, at);
    samples.push(((performance.now() - t0) * 1000) / carts.length);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

/**
 * Workload 2: the engine alone. Carts and their 500 promotions live in one 10,000-SKU region; the extra promotions
 * and SKUs live in other regions, so a quote's own work is the same and only an index that scans would slow down.
 */
export function scalingWorkload(ctx: BenchContext): void {
  const seconds = ctx.quick ? 0.5 : 3;
  const relevant = generatePromotions(500, REGION, 7);
  const noise = (count: number) =>
    Array.from({ length: count }, (_, i) => shift(generatePromotions(1, REGION, 1000 + i)[0]!, 1 + (i % 99)));
  const base = catalog(100_000);
  const few = timeQuotes(base, relevant, seconds);
  const many = timeQuotes(base, [...relevant, ...noise(ctx.quick ? 9_500 : 49_500)], seconds);
  const promoRatio = many / few;
  ctx.rows.push(
    { workload: '2 Scaling', metric: 'engine µs per 20-line quote, 500 live promotions', value: fmt(few, 1) },
    { workload: '2 Scaling', metric: `… with ${ctx.quick ? '10,000' : '50,000'} live promotions`, value: fmt(many, 1) },
    {
      workload: '2 Scaling',
      metric: 'ratio many / 500 promotions',
      value: fmt(promoRatio, 2),
      target: '≤ 1.5',
      ok: promoRatio <= 1.5,
    },
  );
  const small = timeQuotes(catalog(10_000), relevant, seconds);
  const big = timeQuotes(catalog(ctx.quick ? 200_000 : 1_000_000), relevant, seconds);
  const skuRatio = big / small;
  ctx.rows.push(
    { workload: '2 Scaling', metric: 'engine µs per quote, 10,000 SKUs', value: fmt(small, 1) },
    { workload: '2 Scaling', metric: `… with ${ctx.quick ? '200,000' : '1,000,000'} SKUs`, value: fmt(big, 1) },
    {
      workload: '2 Scaling',
      metric: 'ratio big / 10,000 SKUs',
      value: fmt(skuRatio, 2),
      target: '≤ 1.5',
      ok: skuRatio <= 1.5,
    },
  );
}
