/** Builders shared by the pricing tests. */
import {
  buildPromotionIndex,
  type Cart,
  type CatalogItem,
  type Promotion,
  type Quote,
  quote,
  type Usage,
} from '../../../src/domain/pricing/index.ts';

export const T0 = Date.UTC(2026, 11, 1); // 2026-12-01T00:00Z, a Tuesday
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function item(sku: string, listPrice: number, extra: Partial<CatalogItem> = {}): CatalogItem {
  return { sku, listPrice, floor: 0, tags: [], ...extra };
}

let seq = 0;
export function promo(kind: Promotion['kind'], extra: Partial<Promotion> = {}): Promotion {
  seq += 1;
  return {
    id: `P${String(seq).padStart(4, '0')}`,
    name: `${kind} ${seq}`,
    kind,
    startsAt: T0,
    endsAt: null,
    priority: 0,
    onFloorBreach: 'reject',
    state: 'active',
    createdAt: T0 - DAY + seq,
    ...extra,
  };
}

export function usageOf(cap: Record<string, number> = {}, customer: Record<string, number> = {}): Usage {
  return { capUsed: (id) => cap[id] ?? 0, customerUsed: (id) => customer[id] ?? 0 };
}

export function catalogOf(items: readonly CatalogItem[]) {
  const m = new Map(items.map((i) => [i.sku, i]));
  return { get: (sku: string) => m.get(sku) };
}

export interface Run {
  items: CatalogItem[];
  promos: Promotion[];
  lines: [string, number][];
  customerId?: string | null;
  usage?: Usage;
  at?: number;
}

export function run(r: Run): Quote {
  const cart: Cart = { lines: r.lines.map(([sku, quantity]) => ({ sku, quantity })), customerId: r.customerId ?? null };
  return quote(cart, catalogOf(r.items), buildPromotionIndex(r.promos), r.usage ?? usageOf(), r.at ?? T0 + HOUR);
}

/** `{ id: reason }` of a quote's notApplied. */
export function reasons(q: Quote): Record<string, string> {
  return Object.fromEntries(q.notApplied.map((n) => [n.promotionId, n.reason]));
}

/** `{ id: amount }` of a quote's applied. */
export function amounts(q: Quote): Record<string, number> {
  return Object.fromEntries(q.applied.map((a) => [a.promotionId, a.amount]));
}
