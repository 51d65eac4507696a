import { PAD, stage } from './kernel.ts';
import { DEFAULT_EPS, poissonTable, type TruncatedPoisson } from './poisson.ts';

/**
 * The markdown problem in the DP's own terms: `periods` periods, price points `prices` (index 0 = list, a higher index
 * is cheaper), stock `stock` at the start, demand `Poisson(lambda[t·J + k])` in period t at price k, and a value per
 * unit left at the deadline (0 = worthless, negative = penalty).
 */
export interface MarkdownModel {
  periods: number;
  prices: Float64Array;
  stock: number;
  lambda: Float64Array;
  leftoverValue: number;
}

/**
 * The truncated demand distributions of a model, `dists[t·J + k]`, built once and shared by solver and evaluators.
 * Supports are capped at stock + 1: more demand than that sells the same (everything).
 */
export function demandDists(m: MarkdownModel, eps = DEFAULT_EPS): TruncatedPoisson[] {
  return poissonTable(m.lambda, eps, m.stock + 1);
}

/**
 * The optimal adaptive (closed-loop) policy: {@link policyAction} gives the price index to sell at in period t with
 * n units on hand when the current price index is j. `value` is the optimal expected objective from the start.
 */
export interface Policy {
  model: MarkdownModel;
  dists: TruncatedPoisson[];
  value: number;
  /** `action[(t·J + j)·(N + 1) + n]`, solved for n in `[reach[t·J + j], max(reach, maxStock[t])]`. */
  action: Uint8Array;
  /** Below it a state is unreachable: more than the kept demand support would have had to sell. */
  minStock: Int32Array;
  /** The same per current price index: `reach[t·J + j]`, with only prices of index ≤ j sold at so far. */
  reach: Int32Array;
  /** Above it no stock-out can happen any more: extra units are surely left over and change nothing. */
  maxStock: Int32Array;
}

/**
 * Backward induction over (period t, stock n, current price index j):
 *
 * `V_T(n, j) = s·n` (s = leftover value), and for t < T
 * `V_t(n, j) = max_{k ≥ j} W_t(n, k)`, with
 * `W_t(n, k) = p_k·E[min(D, n)] + Σ_{d<n} P(D = d)·V_{t+1}(n − d, k) + P(D ≥ n)·V_{t+1}(0, k)`, D ~ Poisson(λ_{t,k}).
 *
 * `k ≥ j` is the markdown-only rule (prices never rise); prices below the floor are not in the model at all.
 * `max_{k ≥ j}` is a suffix maximum over k, so a period costs O(J·N·w), w ≈ 13√λ the kept demand support, not
 * O(J²·N·w). Ties keep the higher price. Pruned by stock: states below `reach[t·J + j]` are unreachable (see
 * {@link reachByPrice}), and above `maxStock[t]` (the most that can still sell) `V_t(n, j) = V_t(maxStock, j) +
 * s·(n − maxStock)`.
 * Exact for the model up to the pmf cut-off `eps` (default 1e-12).
 */
export function solveMarkdown(m: MarkdownModel, dists: TruncatedPoisson[] = demandDists(m)): Policy {
  const T = m.periods;
  const J = m.prices.length;
  const N = m.stock;
  const S = N + 1;
  const pad = PAD; // a local: module bindings can compile to property reads in hot loops
  const stride = S + 2 * pad;
  if (J > 255) throw new RangeError('at most 255 price points');
  const { minStock, maxStock } = stockBounds(m, dists);
  const reach = reachByPrice(m, dists);
  const action = new Uint8Array(T * J * S);
  let next = new Float64Array(J * stride);
  let cur = new Float64Array(J * stride);
  for (let k = 0; k < J; k++) for (let n = 0; n <= N; n++) next[k * stride + pad + n] = m.leftoverValue * n;
  for (let t = T - 1; t >= 0; t--) {
    const top = maxStock[t]!;
    for (let k = 0; k < J; k++) {
      const b = k * stride + pad;
      const n0 = reach[t * J + k]!;
      stage(dists[t * J + k]!, m.prices[k]!, next, b, cur, b, n0, Math.max(n0, top)); // W_t(·, k)
    }
    // Suffix maximum in place, from the cheapest price up (rows contiguous in n):
    // V_t(n, j) = max(W_t(n, j), V_t(n, j + 1)), each row then extended linearly above its last solved stock.
    for (let j = J - 1; j >= 0; j--) {
      const here = j * stride + pad;
      const row = (t * J + j) * S;
      const n0 = reach[t * J + j]!;
      const n1 = Math.max(n0, top);
      if (j === J - 1) for (let n = n0; n <= n1; n++) action[row + n] = j;
      else {
        const below = here + stride;
        for (let n = n0; n <= n1; n++) {
          const v = cur[here + n]!;
          const u = cur[below + n]!;
          if (v >= u) action[row + n] = j;
          else {
            cur[here + n] = u;
            action[row + n] = action[row + S + n]!;
          }
        }
      }
      const at = cur[here + n1]!;
      for (let n = n1 + 1; n <= N; n++) cur[here + n] = at + m.leftoverValue * (n - n1);
    }
    const swap = next;
    next = cur;
    cur = swap;
  }
  return { model: m, dists, value: next[pad + N]!, action, minStock, reach, maxStock };
}

/**
 * Stock bounds valid for every markdown path: at period t, at least `minStock[t]` units remain (the most that can have
 * sold is the sum of the kept demand supports), and from `maxStock[t]` up no stock-out can happen any more.
 */
export function stockBounds(
  m: MarkdownModel,
  dists: TruncatedPoisson[],
): { minStock: Int32Array; maxStock: Int32Array } {
  const T = m.periods;
  const J = m.prices.length;
  const minStock = new Int32Array(T + 1);
  const maxStock = new Int32Array(T + 1);
  minStock[0] = m.stock;
  for (let t = 0; t < T; t++) minStock[t + 1] = Math.max(0, minStock[t]! - maxHi(dists, t, J));
  for (let t = T - 1; t >= 0; t--) maxStock[t] = Math.min(m.stock, maxStock[t + 1]! + maxHi(dists, t, J));
  return { minStock, maxStock };
}

/**
 * `reach[t·J + k]`: the lowest stock at period t when every price so far had index ≤ k (markdown-only: the current
 * index bounds all past ones), `N − Σ_{s<t} max_{k' ≤ k} hi_{s,k'}`. Rows of the DP are solved from there up.
 */
export function reachByPrice(m: MarkdownModel, dists: TruncatedPoisson[]): Int32Array {
  const J = m.prices.length;
  const reach = new Int32Array((m.periods + 1) * J).fill(m.stock);
  for (let t = 0; t < m.periods; t++) {
    let H = 0;
    for (let k = 0; k < J; k++) {
      H = Math.max(H, dists[t * J + k]!.hi);
      reach[(t + 1) * J + k] = Math.max(0, reach[t * J + k]! - H);
    }
  }
  return reach;
}

function maxHi(dists: TruncatedPoisson[], t: number, J: number): number {
  let hi = 0;
  for (let k = 0; k < J; k++) hi = Math.max(hi, dists[t * J + k]!.hi);
  return hi;
}

/** The price index the policy sells at in period t with `stock` units on hand and current price index `current`. */
export function policyAction(p: Policy, t: number, stock: number, current: number): number {
  const S = p.model.stock + 1;
  const J = p.model.prices.length;
  const low = p.reach[t * J + current]!;
  const n = Math.min(Math.max(stock, low), Math.max(low, p.maxStock[t]!));
  return p.action[(t * J + current) * S + n]!;
}
