/**
 * Target matching. A target reaches the union of its SKUs and every SKU carrying one of its tags. Compiled sets are
 * cached per Target object (WeakMap), so a promotion is parsed once however many quotes it serves.
 */
import type { Target } from './types.ts';

export interface Tagged {
  sku: string;
  tags: readonly string[];
}

interface Compiled {
  skus: ReadonlySet<string>;
  tags: ReadonlySet<string>;
}

const EMPTY: Compiled = { skus: new Set(), tags: new Set() };
const cache = new WeakMap<Target, Compiled>();

function compile(t: Target | undefined): Compiled {
  if (!t) return EMPTY;
  let c = cache.get(t);
  if (!c) {
    c = { skus: new Set(t.skus ?? []), tags: new Set(t.tags ?? []) };
    cache.set(t, c);
  }
  return c;
}

/**
 * @example matches({ skus: ['A'], tags: ['winter'] }, { sku: 'B', tags: ['winter'] }) === true
 */
export function matches(t: Target | undefined, item: Tagged): boolean {
  const c = compile(t);
  if (c.skus.has(item.sku)) return true;
  if (c.tags.size === 0) return false;
  for (const tag of item.tags) if (c.tags.has(tag)) return true;
  return false;
}

/** The keys under which an index files a target. */
export function targetKeys(...targets: (Target | undefined)[]): { skus: string[]; tags: string[] } {
  const skus = new Set<string>();
  const tags = new Set<string>();
  for (const t of targets) {
    for (const s of t?.skus ?? []) skus.add(s);
    for (const g of t?.tags ?? []) tags.add(g);
  }
  return { skus: [...skus], tags: [...tags] };
}
