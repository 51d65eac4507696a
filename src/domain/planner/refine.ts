import { type MarkdownModel, stockBounds } from './dp.ts';
import { lowest, type Outcome, type Schedule } from './evaluate.ts';
import { PAD, padded, paddedRows, push, stageLinearAbove } from './kernel.ts';
import type { TruncatedPoisson } from './poisson.ts';

type Bounds = ReturnType<typeof stockBounds>;

/** Forward stock distributions `F[t]` (entering period t, t = 0..T) with their lowest stocks, for one schedule. */
interface Forward {
  F: Float64Array[];
  from: number[];
  revenue: number;
}

/**
 * Improves a fixed schedule by exact coordinate search and returns it with its exact outcome. At period t every price
 * between its neighbours' (`s[t−1] ≤ k ≤ s[t+1]`, so prices stay non-increasing) is scored exactly as
 * `Σ_n F_t(n)·W_k(n)`: `F_t` the stock distribution reaching t, `W_k` one stage at price k on the schedule's own
 * value-to-go from t + 1 (O(N·w) per score; only periods at a price change have a choice). Sweeps alternate, backward
 * first: a backward sweep (moves steps earlier, several periods at a time) needs `F` and leaves the value-to-go `G`;
 * a forward sweep (moves steps later) needs `G` and leaves `F`, whose last entry and revenue are the exact outcome.
 * Two sweeps by default: three passes over the horizon in all. Backward first matters: the adaptive policy's path
 * counts on reacting later, and a fixed schedule that cannot react needs its steps earlier.
 */
export function refineSchedule(
  m: MarkdownModel,
  dists: TruncatedPoisson[],
  start: Schedule,
  sweeps = 2,
): { schedule: Schedule; outcome: Outcome } {
  const bounds = stockBounds(m, dists);
  const s = Uint8Array.from(start);
  let fw = forwardSweep(m, dists, s, null);
  for (let sweep = 0; sweep < sweeps; sweep += 2) {
    const G = backwardSweep(m, dists, s, bounds, fw);
    fw = forwardSweep(m, dists, s, sweep + 1 < sweeps ? { G, bounds } : null);
  }
  const N = m.stock;
  const last = fw.F[m.periods]!;
  let leftover = 0;
  for (let n = 0; n <= N; n++) leftover += n * last[PAD + n]!;
  const outcome = {
    value: fw.revenue + m.leftoverValue * leftover,
    revenue: fw.revenue,
    unitsSold: N - leftover,
    leftoverPmf: last.slice(PAD, PAD + N + 1),
  };
  return { schedule: s, outcome };
}

/** Pushes the stock distribution through the schedule; with `improve`, first re-chooses each period's price. */
function forwardSweep(
  m: MarkdownModel,
  dists: TruncatedPoisson[],
  s: Schedule,
  improve: { G: Float64Array[]; bounds: Bounds } | null,
): Forward {
  const J = m.prices.length;
  const N = m.stock;
  const F = paddedRows(m.periods + 1, N);
  F[0]![PAD + N] = 1;
  const from = [N];
  const scratch = improve ? padded(N) : F[0]!;
  let revenue = 0;
  for (let t = 0; t < m.periods; t++) {
    const lower = t > 0 ? s[t - 1]! : 0;
    const upper = t < m.periods - 1 ? s[t + 1]! : J - 1;
    if (improve && lower < upper) {
      const range: Range = [lower, upper, s[t]!];
      s[t] = bestPrice(m, dists, t, range, F[t]!, from[t]!, improve.bounds.maxStock[t]!, improve.G[t + 1]!, scratch);
    }
    revenue += push(dists[t * J + s[t]!]!, m.prices[s[t]!]!, F[t]!, PAD, F[t + 1]!, PAD, from[t]!, N);
    from.push(lowest(F[t + 1]!, N));
  }
  return { F, from, revenue };
}

/** Re-chooses each period's price from the last period back; returns the value-to-go `G[t]` of the new schedule. */
function backwardSweep(m: MarkdownModel, dists: TruncatedPoisson[], s: Schedule, bounds: Bounds, fw: Forward) {
  const J = m.prices.length;
  const N = m.stock;
  const G = paddedRows(m.periods + 1, N);
  for (let n = 0; n <= N; n++) G[m.periods]![PAD + n] = m.leftoverValue * n;
  const scratch = padded(N);
  const { minStock, maxStock } = bounds;
  for (let t = m.periods - 1; t >= 0; t--) {
    const lower = t > 0 ? s[t - 1]! : 0;
    const upper = t < m.periods - 1 ? s[t + 1]! : J - 1;
    if (lower < upper) {
      s[t] = bestPrice(m, dists, t, [lower, upper, s[t]!], fw.F[t]!, fw.from[t]!, maxStock[t]!, G[t + 1]!, scratch);
    }
    const k = s[t]!;
    stageLinearAbove(
      dists[t * J + k]!,
      m.prices[k]!,
      G[t + 1]!,
      PAD,
      G[t]!,
      PAD,
      minStock[t]!,
      maxStock[t]!,
      N,
      m.leftoverValue,
    );
  }
  return G;
}

/** Candidate prices `[lower, upper]` and the current one (which wins ties). */
type Range = [number, number, number];

/**
 * The price index in [lower, upper] with the best exact score at period t, for the stock distribution `f` (support
 * from `from`) and the value-to-go `G` of period t + 1 (linear above `linearFrom`).
 */
function bestPrice(
  m: MarkdownModel,
  dists: TruncatedPoisson[],
  t: number,
  [lower, upper, current]: Range,
  f: Float64Array,
  from: number,
  linearFrom: number,
  G: Float64Array,
  scratch: Float64Array,
): number {
  const J = m.prices.length;
  const score = (k: number) => {
    stageLinearAbove(dists[t * J + k]!, m.prices[k]!, G, PAD, scratch, PAD, from, linearFrom, m.stock, m.leftoverValue);
    return dot(f, scratch, from);
  };
  let best = current;
  let bestScore = score(current);
  for (let k = lower; k <= upper; k++) {
    if (k === current) continue;
    const v = score(k);
    if (v > bestScore + 1e-9 * (1 + Math.abs(bestScore))) {
      best = k;
      bestScore = v;
    }
  }
  return best;
}

function dot(f: Float64Array, v: Float64Array, from: number): number {
  let acc = 0;
  const end = f.length - PAD;
  for (let n = f.length - end + from; n < end; n++) acc += f[n]! * v[n]!;
  return acc;
}
