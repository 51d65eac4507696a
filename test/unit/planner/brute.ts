/** Brute-force references for the planner tests: plain recursion over every demand outcome, no truncation. */

/** Exact Poisson pmf by the textbook formula. */
export function poissonPmf(lambda: number, d: number): number {
  let logF = 0;
  for (let i = 2; i <= d; i++) logF += Math.log(i);
  return lambda === 0 ? (d === 0 ? 1 : 0) : Math.exp(d * Math.log(lambda) - lambda - logF);
}

export interface SmallModel {
  periods: number;
  prices: number[];
  stock: number;
  /** lambda[t][k] */
  lambda: number[][];
  leftoverValue: number;
}

/** Each outcome of one period at stock n: units sold and its probability (sales = min(D, n)). */
function outcomes(lambda: number, n: number): [number, number][] {
  const out: [number, number][] = [];
  let below = 0;
  for (let d = 0; d < n; d++) {
    const p = poissonPmf(lambda, d);
    below += p;
    out.push([d, p]);
  }
  out.push([n, 1 - below]);
  return out;
}

/**
 * The best expected objective over every history-dependent markdown-only strategy: at each node of the tree of
 * demand outcomes, try every price not above the current one (no memoisation, no Markov assumption).
 */
export function bruteAdaptive(m: SmallModel, t = 0, n = m.stock, j = 0): number {
  if (t === m.periods) return m.leftoverValue * n;
  let best = Number.NEGATIVE_INFINITY;
  for (let k = j; k < m.prices.length; k++) {
    let v = 0;
    for (const [sold, p] of outcomes(m.lambda[t]![k]!, n))
      v += p * (m.prices[k]! * sold + bruteAdaptive(m, t + 1, n - sold, k));
    best = Math.max(best, v);
  }
  return best;
}

/** Expected revenue and units sold of a fixed price path, by enumerating every demand outcome. */
export function brutePath(
  m: SmallModel,
  path: number[],
  t = 0,
  n = m.stock,
): { value: number; revenue: number; sold: number } {
  if (t === m.periods) return { value: m.leftoverValue * n, revenue: 0, sold: 0 };
  const k = path[t]!;
  const acc = { value: 0, revenue: 0, sold: 0 };
  for (const [sold, p] of outcomes(m.lambda[t]![k]!, n)) {
    const rest = brutePath(m, path, t + 1, n - sold);
    acc.value += p * (m.prices[k]! * sold + rest.value);
    acc.revenue += p * (m.prices[k]! * sold + rest.revenue);
    acc.sold += p * (sold + rest.sold);
  }
  return acc;
}

/** Every non-decreasing sequence of price indices (markdown-only fixed paths). */
export function allPaths(periods: number, J: number, from = 0): number[][] {
  if (periods === 0) return [[]];
  const out: number[][] = [];
  for (let k = from; k < J; k++) for (const rest of allPaths(periods - 1, J, k)) out.push([k, ...rest]);
  return out;
}
