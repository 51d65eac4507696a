import { type MarkdownModel, stockBounds } from './dp.ts';
import { PAD, padded, paddedRows, push, stageLinearAbove } from './kernel.ts';
import { guideTable, sampleGuided, type TruncatedPoisson } from './poisson.ts';
import { mulberry32 } from './prng.ts';

/** A fixed (open-loop) schedule: the price index of each period, non-decreasing (markdown-only). */
export type Schedule = Uint8Array;

/** Exact outcome of a fixed schedule under the model. */
export interface Outcome {
  /** Expected objective: revenue + leftoverValue × leftover. */
  value: number;
  revenue: number;
  unitsSold: number;
  /** `leftoverPmf[n]` = P(n units remain at the deadline). */
  leftoverPmf: Float64Array;
}

/**
 * Exact expected outcome of a fixed schedule by forward propagation of the stock distribution: O(T·N·w).
 * The distribution of units sold is exact (it is N minus the leftover), so its percentiles are too.
 */
export function evaluateSchedule(m: MarkdownModel, dists: TruncatedPoisson[], schedule: Schedule): Outcome {
  const J = m.prices.length;
  const N = m.stock;
  let f = padded(N);
  let g = padded(N);
  f[PAD + N] = 1;
  let from = N;
  let revenue = 0;
  for (let t = 0; t < m.periods; t++) {
    const k = schedule[t]!;
    const dist = dists[t * J + k]!;
    revenue += push(dist, m.prices[k]!, f, PAD, g, PAD, from, N);
    from = lowest(g, N);
    const swap = f;
    f = g;
    g = swap;
  }
  let leftover = 0;
  for (let n = 0; n <= N; n++) leftover += n * f[PAD + n]!;
  return {
    value: revenue + m.leftoverValue * leftover,
    revenue,
    unitsSold: N - leftover,
    leftoverPmf: f.slice(PAD, PAD + N + 1),
  };
}

/** The lowest stock with positive probability in a padded distribution over 0..N. */
export function lowest(f: Float64Array, N: number): number {
  const base = PAD;
  let n = 0;
  while (n < N && f[base + n] === 0) n++;
  return n;
}

/**
 * Value-to-go of a fixed schedule: `G[t][PAD + n]` = expected objective from period t on with n units on hand
 * (padded vectors), for n ≥ `bounds.minStock[t]` (lower stocks are unreachable). `G[T][PAD + n] = leftoverValue × n`.
 * Used to score a change of one period's price in O(N·w).
 */
export function valueToGo(
  m: MarkdownModel,
  dists: TruncatedPoisson[],
  schedule: Schedule,
  bounds: { minStock: Int32Array; maxStock: Int32Array } = stockBounds(m, dists),
): Float64Array[] {
  const J = m.prices.length;
  const N = m.stock;
  const out = paddedRows(m.periods + 1, N);
  for (let n = 0; n <= N; n++) out[m.periods]![PAD + n] = m.leftoverValue * n;
  for (let t = m.periods - 1; t >= 0; t--) {
    const k = schedule[t]!;
    const g = out[t]!;
    const { minStock, maxStock } = bounds;
    stageLinearAbove(
      dists[t * J + k]!,
      m.prices[k]!,
      out[t + 1]!,
      PAD,
      g,
      PAD,
      minStock[t]!,
      maxStock[t]!,
      N,
      m.leftoverValue,
    );
  }
  return out;
}

/** The smallest x with P(X ≤ x) ≥ q, for a pmf over 0..len−1. */
export function quantile(pmf: ArrayLike<number>, q: number): number {
  let c = 0;
  for (let x = 0; x < pmf.length; x++) {
    c += pmf[x]!;
    if (c >= q - 1e-12) return x;
  }
  return pmf.length - 1;
}

/**
 * 10th and 90th percentile of revenue of a fixed schedule by Monte Carlo: `paths` seeded paths (mulberry32),
 * so the band is a pure function of its inputs.
 */
export function revenueBand(
  m: MarkdownModel,
  dists: TruncatedPoisson[],
  schedule: Schedule,
  paths: number,
  seed: number,
): [number, number] {
  const J = m.prices.length;
  const rnd = mulberry32(seed);
  const totals = new Float64Array(Math.max(1, paths));
  const period = Array.from(schedule, (k, t) => dists[t * J + k]!);
  const guides = period.map((d) => guideTable(d));
  for (let i = 0; i < totals.length; i++) {
    let stock = m.stock;
    let revenue = 0;
    for (let t = 0; t < m.periods && stock > 0; t++) {
      const k = schedule[t]!;
      const sold = Math.min(stock, sampleGuided(period[t]!, guides[t]!, rnd()));
      stock -= sold;
      revenue += sold * m.prices[k]!;
    }
    totals[i] = revenue;
  }
  totals.sort();
  const at = (q: number) => totals[Math.min(totals.length - 1, Math.max(0, Math.ceil(q * totals.length) - 1))]!;
  return [at(0.1), at(0.9)];
}
