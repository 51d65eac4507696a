import { DAY_MS } from './model.ts';
import { type Aggregated, aggregate } from './periods.ts';
import type { EpochMs, SalesRecord } from './types.ts';

/** Options of {@link estimateDemand}. */
export interface EstimateOptions {
  /** Period length of the aggregation, matching the plan's; default one day. */
  periodMs?: number;
  /** The instant the returned `ratePerPeriod` refers to (the plan's start); default the end of the history. */
  asOf?: EpochMs;
  /** Observation window; periods in it without orders count as zero sales at the price last seen. */
  from?: EpochMs;
  to?: EpochMs;
  /** Fewest periods with at least one sale; default 5. */
  minPeriodsWithSales?: number;
}

/** Why history cannot support an estimate. The API answers 422 `insufficient_history`. */
export type EstimateFailureReason = 'too_few_periods' | 'too_few_prices' | 'degenerate';

interface Counts {
  /** Periods in the fit (with and without sales). */
  observations: number;
  periodsWithSales: number;
  /** Distinct prices paid, as bps of list. */
  distinctPrices: number;
}

/** A fitted model (the {@link DemandParams} fields plus diagnostics) or a typed failure. */
export type DemandEstimate =
  | ({
      ok: true;
      ratePerPeriod: number;
      elasticity: number;
      decayPerPeriod: number;
      /** Standard error of the elasticity (from the Fisher information): a wide one means a rough guess. */
      elasticityStdErr: number;
      iterations: number;
    } & Counts)
  | ({ ok: false; reason: EstimateFailureReason; message: string } & Counts);

/**
 * Fits `log E[q_t] = a + b·x_t + c·t` to per-period sales q_t (x_t = log(price / list), t = period index) by Poisson
 * regression (maximum likelihood by IRLS, which handles zero-sale periods; covariates centred for conditioning), and
 * reads off `elasticity = −b`, `decayPerPeriod = 1 − e^c`, `ratePerPeriod = e^(a + c·t_asOf)` (list price, at `asOf`).
 *
 * Fails (returns `ok: false`, never throws) with fewer than `minPeriodsWithSales` periods with sales, fewer than two
 * distinct prices, or when price and time are (nearly) collinear so elasticity and decay cannot be told apart.
 *
 * @example 30 days alternating list and 20 % off, 10 vs 17.5 units/day → elasticity ≈ 2.5, decay ≈ 0
 */
export function estimateDemand(history: readonly SalesRecord[], options: EstimateOptions = {}): DemandEstimate {
  const periodMs = options.periodMs ?? DAY_MS;
  const agg = aggregate(history, periodMs, options.from ?? gridStart(history, periodMs, options.asOf), options.to);
  const counts: Counts = {
    observations: agg.y.length,
    periodsWithSales: agg.periodsWithSales,
    distinctPrices: agg.distinctPrices,
  };
  const minPeriods = options.minPeriodsWithSales ?? 5;
  if (agg.periodsWithSales < minPeriods) {
    const message = `${agg.periodsWithSales} period(s) with sales; at least ${minPeriods} needed`;
    return { ok: false, reason: 'too_few_periods', message, ...counts };
  }
  if (agg.distinctPrices < 2) {
    return { ok: false, reason: 'too_few_prices', message: 'sold at a single price: elasticity unknown', ...counts };
  }
  const fit = Math.abs(correlation(agg.x)) > 0.995 ? null : poissonFit(agg);
  if (!fit) {
    return {
      ok: false,
      reason: 'degenerate',
      message: 'price and time move together: cannot separate them',
      ...counts,
    };
  }
  const [a, b, c] = fit.beta;
  const tAsOf = ((options.asOf ?? agg.origin + agg.y.length * periodMs) - agg.origin) / periodMs;
  return {
    ok: true,
    ratePerPeriod: Math.exp(a + c * tAsOf),
    elasticity: -b,
    decayPerPeriod: 1 - Math.exp(c),
    elasticityStdErr: fit.elasticityStdErr,
    iterations: fit.iterations,
    ...counts,
  };
}

/** The period grid of the plan reaches back over the history: periods start at `asOf − k·periodMs`. */
function gridStart(history: readonly SalesRecord[], periodMs: number, asOf?: EpochMs): EpochMs | undefined {
  if (asOf === undefined || history.length === 0) return undefined;
  const first = Math.min(...history.map((h) => h.at));
  return asOf - Math.ceil((asOf - first) / periodMs) * periodMs;
}

interface Fit {
  beta: [number, number, number];
  elasticityStdErr: number;
  iterations: number;
}

/** Poisson IRLS on centred covariates; returns β in the original coordinates, or null when singular or divergent. */
function poissonFit(agg: Aggregated): Fit | null {
  const { x, y } = agg;
  const n = y.length;
  let xm = 0;
  let tm = 0;
  let ym = 0;
  for (let i = 0; i < n; i++) {
    xm += x[i]! / n;
    tm += i / n;
    ym += y[i]! / n;
  }
  const beta = [Math.log(ym), 0, 0];
  let iterations = 0;
  let info: number[] = [];
  for (let it = 1; it <= 100; it++) {
    iterations = it;
    const A = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    const r = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const v = [1, x[i]! - xm, i - tm];
      const eta = beta[0]! + beta[1]! * v[1]! + beta[2]! * v[2]!;
      const mu = Math.exp(eta);
      const z = eta + (y[i]! - mu) / mu;
      for (let p = 0; p < 3; p++) {
        r[p]! += mu * v[p]! * z;
        for (let q = 0; q < 3; q++) A[p * 3 + q]! += mu * v[p]! * v[q]!;
      }
    }
    info = A;
    const next = solve3(A, r);
    if (!next?.every(Number.isFinite)) return null;
    const delta = Math.max(...next.map((b, i) => Math.abs(b - beta[i]!)));
    beta.splice(0, 3, ...next);
    if (delta < 1e-12) break;
    if (it === 100 && delta > 1e-6) return null;
  }
  const [a0, b, c] = beta as [number, number, number];
  const varB = solve3(info, [0, 1, 0])?.[1] ?? Number.NaN; // [I⁻¹]₁₁ at the last iterate
  return { beta: [a0 - b * xm - c * tm, b, c], elasticityStdErr: Math.sqrt(varB), iterations };
}

/** Pearson correlation of x_t with t: near ±1, price and time cannot be told apart. */
function correlation(x: Float64Array): number {
  const n = x.length;
  let xm = 0;
  for (let i = 0; i < n; i++) xm += x[i]! / n;
  const tm = (n - 1) / 2;
  let sxt = 0;
  let sxx = 0;
  let stt = 0;
  for (let i = 0; i < n; i++) {
    sxt += (x[i]! - xm) * (i - tm);
    sxx += (x[i]! - xm) ** 2;
    stt += (i - tm) ** 2;
  }
  return sxx === 0 || stt === 0 ? 0 : sxt / Math.sqrt(sxx * stt);
}

/** Solves a 3×3 system by Gaussian elimination with partial pivoting; null when (nearly) singular. */
function solve3(A: number[], r: number[]): number[] | null {
  const M = [0, 1, 2].map((i) => [A[i * 3]!, A[i * 3 + 1]!, A[i * 3 + 2]!, r[i]!]);
  const scale = Math.max(...A.map(Math.abs));
  for (let col = 0; col < 3; col++) {
    let piv = col;
    for (let i = col + 1; i < 3; i++) if (Math.abs(M[i]![col]!) > Math.abs(M[piv]![col]!)) piv = i;
    if (Math.abs(M[piv]![col]!) <= 1e-10 * scale) return null;
    [M[col], M[piv]] = [M[piv]!, M[col]!];
    for (let i = col + 1; i < 3; i++) {
      const f = M[i]![col]! / M[col]![col]!;
      for (let k = col; k < 4; k++) M[i]![k]! -= f * M[col]![k]!;
    }
  }
  const out = [0, 0, 0];
  for (let i = 2; i >= 0; i--) {
    let s = M[i]![3]!;
    for (let k = i + 1; k < 3; k++) s -= M[i]![k]! * out[k]!;
    out[i] = s / M[i]![i]!;
  }
  return out;
}
