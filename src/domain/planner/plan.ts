import { AppError, badRequest } from '../errors.ts';
import { assertMinor } from '../money.ts';
import { demandDists, type MarkdownModel, type Policy, solveMarkdown } from './dp.ts';
import { estimateDemand } from './estimate.ts';
import { type Outcome, quantile, revenueBand, type Schedule } from './evaluate.ts';
import { checkDemand, DAY_MS, demandGrid, type Horizon, horizon, type PricePoint, pricePoints } from './model.ts';
import { seedFrom } from './prng.ts';
import { refineSchedule } from './refine.ts';
import { expectedPath, toSteps } from './schedule.ts';
import type { DemandParams, Plan, PlanInput } from './types.ts';

/** Upper bound on periods × price points × (stock + 1): the policy table takes one byte per state. */
export const MAX_STATES = 200_000_000;

/** A validated input turned into the DP's model, with what is needed to read the answer back. */
export interface PreparedPlan {
  model: MarkdownModel;
  points: PricePoint[];
  horizon: Horizon;
  demand: DemandParams;
  source: 'history' | 'given';
}

/**
 * Validates a {@link PlanInput} and builds the model. Without `demand`, the model is estimated from `history`;
 * too little history throws `AppError('insufficient_history')` with the estimator's failure as `details`.
 */
export function preparePlan(input: PlanInput): PreparedPlan {
  assertMinor(input.listPrice, 'listPrice');
  assertMinor(input.unitCost, 'unitCost');
  assertMinor(input.floor, 'floor');
  if (!Number.isSafeInteger(input.onHand) || input.onHand < 0 || input.onHand > 1_000_000) {
    throw badRequest('/onHand', 'must be an integer in 0..1000000');
  }
  const step = input.priceStepBps ?? 500;
  if (!Number.isInteger(step) || step < 1 || step >= 10000) throw badRequest('/priceStepBps', 'must be in 1..9999');
  const periodMs = input.periodMs ?? DAY_MS;
  const h = horizon(input.start, input.deadline, periodMs);
  const leftoverValue = input.leftoverValue ?? 0;
  if (!Number.isFinite(leftoverValue)) throw badRequest('/leftoverValue', 'must be a number');
  let demand: DemandParams;
  let source: 'history' | 'given';
  if (input.demand) {
    demand = input.demand;
    source = 'given';
  } else {
    const fit = estimateDemand(input.history ?? [], { periodMs, asOf: input.start });
    if (!fit.ok) throw new AppError('insufficient_history', `${input.sku}: ${fit.message}`, { sku: input.sku, ...fit });
    demand = { ratePerPeriod: fit.ratePerPeriod, elasticity: fit.elasticity, decayPerPeriod: fit.decayPerPeriod };
    source = 'history';
  }
  checkDemand(demand);
  const points = input.listPrice > 0 ? pricePoints(input.listPrice, input.floor, step) : [{ percentBps: 0, price: 0 }];
  if (points.length > 255) throw badRequest('/priceStepBps', 'more than 255 price points above the floor');
  if (h.periods * points.length * (input.onHand + 1) > MAX_STATES) {
    throw badRequest('/periodSeconds', 'plan too large: use longer periods, a coarser price step or fewer units');
  }
  const model: MarkdownModel = {
    periods: h.periods,
    prices: Float64Array.from(points, (p) => p.price),
    stock: input.onHand,
    lambda: demandGrid(demand, Math.max(1, input.listPrice), points, h),
    leftoverValue,
  };
  return { model, points, horizon: h, demand, source };
}

/** The solved problem: the adaptive policy, the fixed schedule the plan publishes and its exact outcome. */
export interface SolvedPlan extends PreparedPlan {
  policy: Policy;
  schedule: Schedule;
  outcome: Outcome;
}

/** Solves the DP and picks the fixed schedule: the policy's expected-stock path, improved by exact local search. */
export function solvePlan(p: PreparedPlan): SolvedPlan {
  const dists = demandDists(p.model);
  const policy = solveMarkdown(p.model, dists);
  const { schedule, outcome } = refineSchedule(p.model, dists, expectedPath(policy));
  return { ...p, policy, schedule, outcome };
}

/**
 * Plans the markdown of one SKU: an optimised, markdown-only, floor-respecting price schedule and its exact expected
 * outcome. Method (see README.md in this folder): a DP over (period, stock, current price) with Poisson demand
 * truncated by stock gives the optimal adaptive policy; the published schedule is the policy along the expected-stock
 * path, refined by exact coordinate search, and its expected values are computed exactly for that fixed schedule
 * (what the merchant gets by applying the steps unchanged).
 *
 * @throws AppError `insufficient_history` without `demand` when the history cannot support an estimate;
 *         `bad_request` for invalid input.
 * @example planMarkdown({ sku: 'TEE-1', onHand: 500, listPrice: 10000, unitCost: 4000, floor: 4445,
 *   start, deadline: start + 28 * DAY_MS, demand: { ratePerPeriod: 15, elasticity: 2.5, decayPerPeriod: 0.03 } })
 */
export function planMarkdown(input: PlanInput): Plan {
  const solved = solvePlan(preparePlan(input));
  const { model, points, schedule, outcome } = solved;
  const revenueBandValues = revenueBand(
    model,
    solved.policy.dists,
    schedule,
    input.bandPaths ?? 256,
    seedFrom(input.sku),
  );
  const soldPmf = Float64Array.from(outcome.leftoverPmf).reverse(); // soldPmf[u] = P(N − u units left)
  const revenue = Math.round(outcome.revenue);
  return {
    sku: input.sku,
    steps: toSteps(schedule, points, input.start, solved.horizon.periodMs),
    expected: {
      unitsSold: round2(outcome.unitsSold),
      leftover: round2(model.stock - outcome.unitsSold),
      revenue,
      grossMargin: Math.round(outcome.revenue - input.unitCost * outcome.unitsSold),
      band: {
        unitsSold: [quantile(soldPmf, 0.1), quantile(soldPmf, 0.9)],
        revenue: revenueBandValues,
      },
    },
    demand: { source: solved.source, ...solved.demand },
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
