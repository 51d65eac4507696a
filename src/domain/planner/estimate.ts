import { DAY_MS } from './model.ts';
import { aggregate } from './periods.ts';
import { correlation, poissonFit } from './regression.ts';
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
  const ratePerPeriod = Math.exp(a + c * tAsOf);
  const decayPerPeriod = 1 - Math.exp(c);
  if (!Number.isFinite(ratePerPeriod) || !(Math.abs(decayPerPeriod) < 1)) {
    const message = 'the fitted trend is out of range (demand more than doubles per period)';
    return { ok: false, reason: 'degenerate', message, ...counts };
  }
  return {
    ok: true,
    ratePerPeriod,
    elasticity: -b,
    decayPerPeriod,
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
