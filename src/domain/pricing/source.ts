/** An in-memory `PromotionSource`: promotions filed by SKU and by tag, so a quote never scans every promotion. */
import { ruleOf } from './kinds/index.ts';
import type { CatalogItem, Promotion, PromotionSource } from './types.ts';

/**
 * Files each promotion under the SKUs and tags its kind reaches: the target (union of `skus` and `tags`) for most
 * kinds, every item SKU for `bundle`, and both the buy and the get target for `bxgy`. `candidates(items)` costs
 * O(Σ per item of the promotions filed under its SKU and tags) and returns each promotion once, in the order given
 * to the index. Promotions are treated as immutable (derived data is cached per object): rebuild the index with new
 * objects when promotions change.
 *
 * @example p1 targets tag `winter`: buildPromotionIndex([p1]).candidates([{ sku: 'COAT', tags: ['winter'], … }]) → [p1]
 */
export function buildPromotionIndex(promotions: readonly Promotion[]): PromotionSource {
  const bySku = new Map<string, number[]>();
  const byTag = new Map<string, number[]>();
  const file = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  promotions.forEach((p, i) => {
    const keys = ruleOf(p.kind).keys(p);
    for (const s of keys.skus) file(bySku, s, i);
    for (const t of keys.tags) file(byTag, t, i);
  });
  // A stamp per promotion marks "already collected in this call" without allocating a Set per quote.
  const stamps = new Uint32Array(promotions.length);
  let stamp = 0;
  return {
    candidates(items: readonly CatalogItem[]): readonly Promotion[] {
      if (stamp === 0xffffffff) {
        stamps.fill(0);
        stamp = 0;
      }
      stamp++;
      const hits: number[] = [];
      const collect = (list: number[] | undefined) => {
        if (!list) return;
        for (const i of list) {
          if (stamps[i] !== stamp) {
            stamps[i] = stamp;
            hits.push(i);
          }
        }
      };
      for (const it of items) {
        collect(bySku.get(it.sku));
        for (const tag of it.tags) collect(byTag.get(tag));
      }
      hits.sort((a, b) => a - b);
      return hits.map((i) => promotions[i]!);
    },
  };
}
