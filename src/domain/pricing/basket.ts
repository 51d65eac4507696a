/**
 * Basket layer: choosing how `tiered`, `bundle`, `mix_and_match` and `bxgy` promotions share the cart's units.
 *
 * **Moves.** Each basket promotion applies in *takes*: one set (bundle), one group (mix_and_match, bxgy), or its whole
 * tier (tiered, once). A take uses the dearest units the rule allows among those no other basket promotion holds, at
 * most the promotion's remaining cap/limit, and counts only if it lowers the price after floors (`saving > 0`).
 * An *allowed way* is any sequence of takes, so a promotion may take fewer sets than it could, or go before or after
 * another one; every unit is in at most one take.
 *
 * **Components.** Promotions that cannot both want one slot never interact, so the basket promotions that have a
 * take saving money on its own ("competing" promotions) are grouped into connected components (union–find on shared
 * slots) and each component is solved alone. A component of one promotion takes sets until the next one would not save
 * money; its takes are fixed by its rule, so the search below could do no better.
 *
 * **Exact search (bound: ≤ 8 competing promotions).** A component of 2..8 promotions is solved by depth-first
 * search over takes with memoisation on the state (remaining units per slot, remaining caps, which promotions are
 * used): `best(state) = max(0, max over takes (saving + best(next state)))`. It returns the lowest total after floors;
 * ties → fewer promotions, then the higher sum of their priorities, then the first found in rank order. As a safety
 * valve for large quantities, the search gives up after 25 000 take evaluations (≈ 30 ms) or a chain of
 * 1 000 takes, and the component falls back to the heuristic below.
 *
 * **Heuristic (beyond the bound).** With 9 or more competing promotions (or past the safety valve): each promotion's
 * standalone saving on the component's units is computed, then promotions are applied one after another in
 * decreasing order of that saving (ties by rank), each taking every set that still saves money. It never does worse
 * than no basket promotion, but may miss a better combination: e.g. a bundle A+B saving 10 beats two single-SKU
 * tiers saving 7 each standalone, so the heuristic takes the bundle (10) where the exact search finds 14.
 */
import type { Prepared } from './kinds/rule.ts';
import { type Pool, restore, type Take } from './pool.ts';
import type { Live } from './screen.ts';

export const EXACT_MAX_PROMOTIONS = 8;
/** Safety valve: take evaluations one exact search may spend (≈ 30 ms on a 2-core CI machine). */
export const EXACT_MAX_TAKES = 25_000;
/** Safety valve: longest chain of takes the recursive search follows. */
export const EXACT_MAX_DEPTH = 1_000;

export interface Contender {
  live: Live;
  prep: Prepared;
}

export interface Step {
  c: Contender;
  take: Take;
}

/** One take of `c`, applied to `rem` in place if it saves money; otherwise `rem` is left as it was and `null`. */
function takeOne(c: Contender, rem: Int32Array, capLeft: number): Take | null {
  if (capLeft <= 0) return null;
  const t = c.prep.take(rem, capLeft);
  if (!t) return null;
  if (t.saving > 0) return t;
  restore(rem, t.picks);
  return null;
}

/** Every take of one promotion in turn until none saves money. Consumes `rem`; returns the total saving. */
function applyFully(c: Contender, rem: Int32Array, steps: Step[]): number {
  let cap = c.live.capLeft;
  let saving = 0;
  for (;;) {
    const t = takeOne(c, rem, cap);
    if (!t) return saving;
    cap -= t.units;
    saving += t.saving;
    steps.push({ c, take: t });
    if (c.live.rule.layer === 'basket' && c.live.rule.once) return saving;
  }
}

function greedy(comp: Contender[], rem: Int32Array): Step[] {
  const order = comp
    .map((c, i) => ({ c, i, s: applyFully(c, rem.slice(), []) }))
    .sort((a, b) => b.s - a.s || a.i - b.i);
  const steps: Step[] = [];
  for (const o of order) applyFully(o.c, rem, steps);
  return steps;
}

interface Node {
  saving: number;
  count: number;
  prio: number;
  step: Step | null;
  next: Node | null;
}

const OVER = Symbol('search budget exceeded');

/** A compact memo key: one char per slot count (< 65536), two per cap, one for the mask. */
function keyOf(slots: readonly number[], rem: Int32Array, caps: readonly number[], mask: number): string {
  const codes: number[] = [];
  for (const s of slots) codes.push(rem[s]!);
  for (const c of caps) {
    const v = Math.min(c, 0x7fffffff);
    codes.push(v >>> 16, v & 0xffff);
  }
  codes.push(mask);
  return String.fromCharCode(...codes);
}

/** The exact search; on success consumes `rem` by the chosen takes, else throws `OVER` with `rem` untouched. */
function exact(comp: Contender[], rem: Int32Array): Step[] {
  const slots = [...new Set(comp.flatMap((c) => c.prep.slots))].sort((a, b) => a - b);
  const memo = new Map<string, Node>();
  const once = comp.map((c) => c.live.rule.layer === 'basket' && c.live.rule.once);
  const caps = comp.map((c) => c.live.capLeft);
  let work = 0;
  const best = (mask: number, depth: number): Node => {
    const key = keyOf(slots, rem, caps, mask);
    const hit = memo.get(key);
    if (hit) return hit;
    if (depth > EXACT_MAX_DEPTH) throw OVER;
    let top: Node = { saving: 0, count: 0, prio: 0, step: null, next: null };
    for (let i = 0; i < comp.length; i++) {
      const bit = 1 << i;
      if (once[i] && mask & bit) continue;
      if (++work > EXACT_MAX_TAKES) throw OVER;
      const c = comp[i]!;
      const t = takeOne(c, rem, caps[i]!);
      if (!t) continue;
      caps[i]! -= t.units;
      let sub: Node;
      try {
        sub = best(mask | bit, depth + 1);
      } finally {
        caps[i]! += t.units;
        restore(rem, t.picks);
      }
      const fresh = mask & bit ? 0 : 1;
      const cand: Node = {
        saving: sub.saving + t.saving,
        count: sub.count + fresh,
        prio: sub.prio + fresh * c.live.p.priority,
        step: { c, take: t },
        next: sub,
      };
      const better =
        cand.saving > top.saving ||
        (cand.saving === top.saving && (cand.count < top.count || (cand.count === top.count && cand.prio > top.prio)));
      if (better) top = cand;
    }
    memo.set(key, top);
    return top;
  };
  const steps: Step[] = [];
  for (let n: Node | null = best(0, 0); n?.step; n = n.next) {
    steps.push(n.step);
    for (const pk of n.step.take.picks) rem[pk.slot]! -= pk.count;
  }
  return steps;
}

/** Groups contenders that share a slot (union–find), each group in rank order, groups by their best rank. */
function components(cs: Contender[], pool: Pool): Contender[][] {
  const parent = cs.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const owner = new Int32Array(pool.slots.length).fill(-1);
  cs.forEach((c, i) => {
    for (const s of c.prep.slots) {
      const o = owner[s]!;
      if (o < 0) owner[s] = i;
      else parent[find(i)] = find(o);
    }
  });
  const groups = new Map<number, Contender[]>();
  cs.forEach((c, i) => {
    const root = find(i);
    const g = groups.get(root) ?? [];
    g.push(c);
    groups.set(root, g);
  });
  return [...groups.values()];
}

/**
 * Chooses the basket takes for the whole cart. `contenders` are the live basket promotions in rank order; `rem` holds
 * the units per slot and is consumed. Returns the takes in application order.
 * Only promotions with a take that saves money on its own compete (and count towards the bound).
 */
export function chooseBasket(pool: Pool, contenders: Contender[], rem: Int32Array): Step[] {
  const able = contenders.filter((c) => {
    const t = takeOne(c, rem, c.live.capLeft);
    if (t) restore(rem, t.picks);
    return t !== null;
  });
  const steps: Step[] = [];
  for (const comp of components(able, pool)) {
    if (comp.length === 1) applyFully(comp[0]!, rem, steps);
    else if (comp.length > EXACT_MAX_PROMOTIONS) steps.push(...greedy(comp, rem));
    else {
      try {
        steps.push(...exact(comp, rem));
      } catch (e) {
        if (e !== OVER) throw e;
        steps.push(...greedy(comp, rem));
      }
    }
  }
  return steps;
}
