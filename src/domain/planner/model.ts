import { badRequest } from '../errors.ts';
import { type Bps, discounted, type Minor } from '../money.ts';
import type { DemandParams } from './types.ts';

/** One day in milliseconds (the wall-clock module's): the default period. */
export { DAY_MS } from '../pricing/zone.ts';

/** An allowed price: `percentBps` off list, and the unit price that gives (money.ts rounding). */
export interface PricePoint {
  percentBps: Bps;
  price: Minor;
}

/**
 * The allowed prices, highest first: 0, step, 2·step, … bps off list, keeping those whose price is ≥ `floor`.
 * Index 0 is always list price (no markdown), even when the list price is below the floor: the planner never
 * discounts such a SKU (DESIGN: it gets no promotion).
 *
 * @example pricePoints(10000, 4445, 500) → 0 %, 5 %, …, 55 % (4500); 60 % (4000) is below the floor
 */
export function pricePoints(listPrice: Minor, floor: Minor, stepBps: Bps): PricePoint[] {
  const points: PricePoint[] = [{ percentBps: 0, price: listPrice }];
  for (let bps = stepBps; bps < 10000; bps += stepBps) {
    const price = discounted(listPrice, bps);
    if (price < floor || price <= 0) break;
    points.push({ percentBps: bps, price });
  }
  return points;
}

/**
 * The plan's time grid: `periods` periods of `periodMs` from `start`; the last one may be partial, and its
 * demand is scaled by `lastFraction` (1 when the horizon is a whole number of periods).
 */
export interface Horizon {
  periods: number;
  periodMs: number;
  lastFraction: number;
}

export function horizon(start: number, deadline: number, periodMs: number): Horizon {
  if (!Number.isFinite(start) || !Number.isFinite(deadline))
    throw badRequest('/deadline', 'start and deadline must be instants');
  if (!(periodMs > 0)) throw badRequest('/periodSeconds', 'period must be positive');
  if (deadline <= start) throw badRequest('/deadline', 'deadline must be after start');
  const span = deadline - start;
  const periods = Math.ceil(span / periodMs);
  if (periods > 10_000) throw badRequest('/periodSeconds', 'more than 10000 periods');
  const lastFraction = (span - (periods - 1) * periodMs) / periodMs;
  return { periods, periodMs, lastFraction };
}

/**
 * Expected demand `λ[t·J + k]` for every period t and price point k:
 * `rate × (price_k / list)^(−elasticity) × (1 − decay)^t`, the last period scaled by its fraction.
 */
export function demandGrid(
  demand: DemandParams,
  listPrice: Minor,
  points: readonly PricePoint[],
  h: Horizon,
): Float64Array {
  const J = points.length;
  const out = new Float64Array(h.periods * J);
  const growth = 1 - demand.decayPerPeriod;
  let level = demand.ratePerPeriod;
  for (let t = 0; t < h.periods; t++) {
    const frac = t === h.periods - 1 ? h.lastFraction : 1;
    for (let k = 0; k < J; k++) {
      const ratio = points[k]!.price / listPrice;
      out[t * J + k] = level * frac * ratio ** -demand.elasticity;
    }
    level *= growth;
  }
  return out;
}

/** Rejects demand parameters the model cannot use (non-finite, negative rate, decay ≥ 100 %). */
export function checkDemand(d: DemandParams): void {
  if (!Number.isFinite(d.ratePerPeriod) || d.ratePerPeriod < 0)
    throw badRequest('/demand/ratePerPeriod', 'must be ≥ 0');
  if (!Number.isFinite(d.elasticity)) throw badRequest('/demand/elasticity', 'must be a number');
  if (!Number.isFinite(d.decayPerPeriod) || d.decayPerPeriod >= 1 || d.decayPerPeriod <= -1) {
    throw badRequest('/demand/decayPerPeriod', 'must lie in (−1, 1)');
  }
}
