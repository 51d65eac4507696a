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

/** The cart's lines by SKU and by tag, so a promotion finds the lines it touches from its keys, not by scanning. */
export interface CartIndex {
  bySku: Map<string, number[]>;
  byTag: Map<string, number[]>;
  cache: Map<Target, ReadonlySet<number>>;
}

export function indexCart(items: readonly Tagged[]): CartIndex {
  const bySku = new Map<string, number[]>();
  const byTag = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, k: string, i: number) => {
    const list = m.get(k);
    if (!list) m.set(k, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  items.forEach((it, i) => {
    add(bySku, it.sku, i);
    for (const t of it.tags) add(byTag, t, i);
  });
  return { bySku, byTag, cache: new Map() };
}

/** Indices of the lines whose SKU is in `keys.skus` or which carry a tag in `keys.tags`, ascending. */
export function linesOf(ix: CartIndex, keys: { skus: readonly string[]; tags: readonly string[] }): number[] {
  const out: number[] = [];
  for (const s of keys.skus) {
    const list = ix.bySku.get(s);
    if (list) for (const i of list) out.push(i);
  }
  for (const t of keys.tags) {
    const list = ix.byTag.get(t);
    if (list) for (const i of list) out.push(i);
  }
  if (out.length < 2) return out;
  out.sort((a, b) => a - b);
  let n = 1;
  for (let k = 1; k < out.length; k++) if (out[k] !== out[n - 1]) out[n++] = out[k]!;
  out.length = n;
  return out;
}

/** The lines a target reaches, cached per Target object for the life of the index (one quote). */
export function targetLines(ix: CartIndex, t: Target | undefined): ReadonlySet<number> {
  if (!t) return new Set();
  let s = ix.cache.get(t);
  if (!s) {
    s = new Set(linesOf(ix, { skus: t.skus ?? [], tags: t.tags ?? [] }));
    ix.cache.set(t, s);
  }
  return s;
}
