/**
 * The units the basket layer works on. Each slot is a run of one line's units at one unit-layer price; slots are kept
 * dearest first (ties: earlier cart line), so "dearest units first" is a walk from the front. A search state is just
 * the remaining count of every slot (an `Int32Array`), which basket rules consume when they take a set.
 */
import { allocate, type Minor } from '../money.ts';
import { type CartIndex, indexCart, targetLines } from './target.ts';
import type { Target } from './types.ts';

export interface Slot {
  line: number;
  sku: string;
  tags: readonly string[];
  /** Unit-layer price of each unit in the slot. */
  price: Minor;
  floor: Minor;
  /** How far a basket discount may take one unit: `max(0, price − floor)`. */
  headroom: Minor;
  count: number;
  /** The SKU's list price is below its floor: it gets no promotion, so no set may use these units. */
  blocked: boolean;
}

export interface Pool {
  slots: Slot[];
  /** The cart lines by SKU and tag. */
  index: CartIndex;
  /** Whether any slot is blocked (list below floor). */
  anyBlocked: boolean;
}

export interface PoolLine {
  sku: string;
  tags: readonly string[];
  listPrice: Minor;
  floor: Minor;
  runs: readonly { quantity: number; unitPrice: Minor }[];
}

export function buildPool(lines: readonly PoolLine[]): Pool {
  const slots: Slot[] = [];
  lines.forEach((l, line) => {
    for (const r of l.runs) {
      if (r.quantity <= 0) continue;
      slots.push({
        line,
        sku: l.sku,
        tags: l.tags,
        price: r.unitPrice,
        floor: l.floor,
        headroom: Math.max(0, r.unitPrice - l.floor),
        count: r.quantity,
        blocked: l.listPrice < l.floor,
      });
    }
  });
  slots.sort((a, b) => b.price - a.price || a.line - b.line);
  return { slots, index: indexCart(lines), anyBlocked: slots.some((s) => s.blocked) };
}

/** Indices of the slots of the lines a target reaches, dearest first. Blocked slots only when `includeBlocked`. */
export function targetSlots(pool: Pool, t: Target | undefined, includeBlocked: boolean): number[] {
  const lines = targetLines(pool.index, t);
  return lines.size === 0 ? [] : eligible(pool, (s) => lines.has(s.line), includeBlocked);
}

/** Indices of the slots whose units satisfy `pred`, dearest first. Blocked slots only when `includeBlocked`. */
export function eligible(pool: Pool, pred: (s: Slot) => boolean, includeBlocked: boolean): number[] {
  const out: number[] = [];
  pool.slots.forEach((s, i) => {
    if ((includeBlocked || !s.blocked) && pred(s)) out.push(i);
  });
  return out;
}

export interface Pick {
  slot: number;
  count: number;
}

/** One application of a basket promotion: a set, a group, or (tiered) its whole tier. */
export interface Take {
  picks: Pick[];
  units: number;
  /** Discount before floors. */
  raw: Minor;
  /** Discount after floors: what the shopper saves (0 when the take does not lower the price). */
  saving: Minor;
  /** Per-pick discounts when the kind fixes them per unit (tiered); otherwise `saving` is water-filled over the picks. */
  shares?: Minor[];
  /** Per-pick: the floor cut this pick's discount (only with `shares`). */
  clamped?: boolean[];
}

/** Gives the picked units back to `rem` (undoes a take). */
export function restore(rem: Int32Array, picks: readonly Pick[]): void {
  for (const pk of picks) rem[pk.slot]! += pk.count;
}

/**
 * Moves up to `need` units from `slots` (in their order: dearest first) into `picks`, consuming `rem`.
 * Returns whether all `need` were found; on `false` the caller must `restore` what was picked.
 */
export function pickDearest(slots: readonly number[], rem: Int32Array, need: number, picks: Pick[]): boolean {
  for (const slot of slots) {
    if (need === 0) break;
    const n = Math.min(need, rem[slot]!);
    if (n <= 0) continue;
    rem[slot]! -= n;
    need -= n;
    picks.push({ slot, count: n });
  }
  return need === 0;
}

/** Sums of the picks' prices and floor headroom. */
export function totals(pool: Pool, picks: readonly Pick[]): { units: number; price: Minor; headroom: Minor } {
  let units = 0;
  let price = 0;
  let headroom = 0;
  for (const p of picks) {
    const s = pool.slots[p.slot]!;
    units += p.count;
    price += s.price * p.count;
    headroom += s.headroom * p.count;
  }
  return { units, price, headroom };
}

/** A set whose discount is `raw` before floors; the saving is cut to the set's total headroom. */
export function setTake(pool: Pool, picks: Pick[], raw: (price: Minor) => Minor): Take {
  const t = totals(pool, picks);
  const r = raw(t.price);
  return { picks, units: t.units, raw: r, saving: r <= 0 ? 0 : Math.min(r, t.headroom) };
}

/**
 * Spreads `total` over parts in proportion to `weights` (largest remainder, `allocate`) without giving any part more
 * than its cap: parts that would exceed their cap are pinned to it and the rest is spread again over the others
 * (water-filling). Requires `total ≤ Σ caps`.
 *
 * @example waterFill(300, [1000, 500], [100, 500]) → parts [100, 200], capped [true, false]
 */
export function waterFill(total: Minor, weights: readonly Minor[], caps: readonly Minor[]) {
  const parts = weights.map(() => 0);
  const capped = weights.map(() => false);
  let open = weights.map((_, i) => i);
  let left = total;
  while (left > 0 && open.length > 0) {
    const shares = allocate(
      left,
      open.map((i) => weights[i]!),
    );
    const over = open.filter((i, k) => shares[k]! > caps[i]!);
    if (over.length === 0) {
      open.forEach((i, k) => {
        parts[i] = shares[k]!;
      });
      left = 0;
      break;
    }
    for (const i of over) {
      parts[i] = caps[i]!;
      capped[i] = true;
      left -= caps[i]!;
    }
    open = open.filter((i) => !capped[i]);
  }
  if (left > 0) throw new Error('waterFill: total exceeds the caps');
  return { parts, capped };
}
