import { type MarkdownModel, stockBounds } from './dp.ts';
import { lowest, type Schedule, valueToGo } from './evaluate.ts';
import { PAD, padded, push, stageLinearAbove } from './kernel.ts';
import type { TruncatedPoisson } from './poisson.ts';

/**
 * Improves a fixed schedule by exact coordinate search, alternating forward and backward sweeps. At period t every
 * price between its neighbours' (`s[t−1] ≤ k ≤ s[t+1]`, so prices stay non-increasing) is scored exactly as
 * `Σ_n f_t(n)·W_k(n)`: `f_t` the stock distribution reaching t, `W_k` one stage at price k on the schedule's own
 * value-to-go from t + 1; each score costs O(N·w), and only periods at a price change have a choice. A forward sweep
 * moves steps later, a backward sweep earlier. Stops after `maxSweeps` or two quiet sweeps. Returns a new schedule.
 */
export function refineSchedule(m: MarkdownModel, dists: TruncatedPoisson[], start: Schedule, maxSweeps = 2): Schedule {
  const s = Uint8Array.from(start);
  const bounds = stockBounds(m, dists);
  let quiet = 0;
  for (let sweep = 0; sweep < maxSweeps && quiet < 2; sweep++) {
    const changed = sweep % 2 === 0 ? forwardSweep(m, dists, s, bounds) : backwardSweep(m, dists, s, bounds);
    quiet = changed ? 0 : quiet + 1;
  }
  return s;
}

type Bounds = ReturnType<typeof stockBounds>;

function forwardSweep(m: MarkdownModel, dists: TruncatedPoisson[], s: Schedule, bounds: Bounds): boolean {
  const J = m.prices.length;
  const N = m.stock;
  const G = valueToGo(m, dists, s, bounds);
  const scratch = padded(N);
  let f = padded(N);
  let g = padded(N);
  f[PAD + N] = 1;
  let from = N;
  let changed = false;
  for (let t = 0; t < m.periods; t++) {
    const lower = t > 0 ? s[t - 1]! : 0;
    const upper = t < m.periods - 1 ? s[t + 1]! : J - 1;
    if (lower < upper) {
      const best = bestPrice(m, dists, t, [lower, upper, s[t]!], f, from, bounds.maxStock[t]!, G[t + 1]!, scratch);
      changed ||= best !== s[t];
      s[t] = best;
    }
    push(dists[t * J + s[t]!]!, m.prices[s[t]!]!, f, PAD, g, PAD, from, N);
    [f, g] = [g, f];
    from = lowest(f, N);
  }
  return changed;
}

function backwardSweep(m: MarkdownModel, dists: TruncatedPoisson[], s: Schedule, bounds: Bounds): boolean {
  const J = m.prices.length;
  const N = m.stock;
  const F: Float64Array[] = [padded(N)];
  F[0]![PAD + N] = 1;
  const froms = [N];
  for (let t = 0; t < m.periods - 1; t++) {
    F.push(padded(N));
    push(dists[t * J + s[t]!]!, m.prices[s[t]!]!, F[t]!, PAD, F[t + 1]!, PAD, froms[t]!, N);
    froms.push(lowest(F[t + 1]!, N));
  }
  let G = padded(N);
  for (let n = 0; n <= N; n++) G[PAD + n] = m.leftoverValue * n;
  let next = padded(N);
  const scratch = padded(N);
  let changed = false;
  for (let t = m.periods - 1; t >= 0; t--) {
    const lower = t > 0 ? s[t - 1]! : 0;
    const upper = t < m.periods - 1 ? s[t + 1]! : J - 1;
    if (lower < upper) {
      const best = bestPrice(m, dists, t, [lower, upper, s[t]!], F[t]!, froms[t]!, bounds.maxStock[t]!, G, scratch);
      changed ||= best !== s[t];
      s[t] = best;
    }
    const { minStock, maxStock } = bounds;
    stageLinearAbove(
      dists[t * J + s[t]!]!,
      m.prices[s[t]!]!,
      G,
      PAD,
      next,
      PAD,
      minStock[t]!,
      maxStock[t]!,
      N,
      m.leftoverValue,
    );
    [G, next] = [next, G];
  }
  return changed;
}

/**
 * The price index in [lower, upper] with the best exact score at period t (`current` wins ties), for the stock
 * distribution `f` (support from `from`) and the value-to-go `G` of period t + 1.
 */
function bestPrice(
  m: MarkdownModel,
  dists: TruncatedPoisson[],
  t: number,
  [lower, upper, current]: [number, number, number],
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
