/**
 * First pass of a quote: which candidate promotions touch the cart, and which of them may price anything at all
 * (state, time, stock, customer, caps). Candidates are ordered by rank — higher `priority`, then older `createdAt`,
 * then `id` — which is every later tie-break.
 */
import { ruleOf } from './kinds/index.ts';
import type { Rule } from './kinds/rule.ts';
import { inSchedule } from './schedule.ts';
import { indexCart, linesOf } from './target.ts';
import type { CatalogItem, Instant, NotAppliedReason, Promotion, Usage } from './types.ts';

export interface Live {
  p: Promotion;
  rule: Rule;
  /** Position in rank order (0 = wins ties). */
  rank: number;
  /** Indices of the cart lines whose SKU the promotion touches. */
  lines: number[];
  /** Units still allowed by `stockCap` (Infinity without a cap). */
  stockLeft: number;
  /** Units still allowed for this customer by `perCustomerLimit` (Infinity without a limit). */
  customerLeft: number;
  /** `min(stockLeft, customerLeft)`. */
  capLeft: number;
  /** Why it cannot price anything, or `null` when it may. */
  blocked: NotAppliedReason | null;
}

const keysCache = new WeakMap<Promotion, { skus: string[]; tags: string[] }>();

/** The SKUs and tags a promotion reaches (its index keys), cached per Promotion object. */
export function keysOf(p: Promotion): { skus: string[]; tags: string[] } {
  let k = keysCache.get(p);
  if (!k) {
    k = ruleOf(p.kind).keys(p);
    keysCache.set(p, k);
  }
  return k;
}

export function byRank(a: Promotion, b: Promotion): number {
  return b.priority - a.priority || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function blockedReason(l: Live, items: readonly CatalogItem[], at: Instant, customerId: string | null) {
  const p = l.p;
  if (p.state === 'paused') return 'paused';
  if (p.state !== 'active' || !inSchedule(p, at)) return 'outside_window';
  if (l.lines.every((i) => items[i]!.available === 0)) return 'out_of_stock';
  if (p.perCustomerLimit != null && customerId === null) return 'customer_required';
  if (l.stockLeft <= 0) return 'cap_exhausted';
  if (l.customerLeft <= 0) return 'customer_limit';
  return null;
}

/**
 * The candidates that touch at least one cart item, deduplicated by id, in rank order, each screened.
 *
 * @example a paused promotion on a cart SKU → `{ blocked: 'paused' }`; one on no cart SKU → dropped
 */
export function screen(
  candidates: readonly Promotion[],
  items: readonly CatalogItem[],
  usage: Usage,
  at: Instant,
  customerId: string | null,
): Live[] {
  const seen = new Set<string>();
  const unique = candidates.filter((p) => !seen.has(p.id) && seen.add(p.id));
  unique.sort(byRank);
  const ix = indexCart(items);
  const out: Live[] = [];
  for (const p of unique) {
    const rule = ruleOf(p.kind);
    // the lines it touches, from its keys (equivalent to `rule.touches` on every line, without the scan)
    const lines = linesOf(ix, keysOf(p));
    if (lines.length === 0) continue;
    const stockLeft = p.stockCap != null ? p.stockCap - usage.capUsed(p.id) : Number.POSITIVE_INFINITY;
    const customerLeft =
      p.perCustomerLimit != null && customerId !== null
        ? p.perCustomerLimit - usage.customerUsed(p.id)
        : Number.POSITIVE_INFINITY;
    const l: Live = {
      p,
      rule,
      rank: out.length,
      lines,
      stockLeft,
      customerLeft,
      capLeft: Math.max(0, Math.min(stockLeft, customerLeft)),
      blocked: null,
    };
    l.blocked = blockedReason(l, items, at, customerId);
    out.push(l);
  }
  return out;
}
