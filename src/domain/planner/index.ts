/**
 * Clearance planner: optimised markdown schedules bounded by the margin floor. Pure: no I/O, no clock.
 * See README.md in this folder for the model and the method.
 */
export {
  demandDists,
  type MarkdownModel,
  type Policy,
  policyAction,
  reachByPrice,
  solveMarkdown,
  stockBounds,
} from './dp.ts';
export {
  type DemandEstimate,
  type EstimateFailureReason,
  type EstimateOptions,
  estimateDemand,
} from './estimate.ts';
export {
  evaluateSchedule,
  lowest,
  type Outcome,
  quantile,
  revenueBand,
  type Schedule,
  valueToGo,
} from './evaluate.ts';
export {
  type OrderLineLike,
  type PlannableProduct,
  type PlanRequest,
  planInputFromProduct,
  salesFromOrderLines,
} from './from-product.ts';
export { PAD, padded, paddedRows, push, stage, stageLinearAbove } from './kernel.ts';
export { checkDemand, DAY_MS, demandGrid, type Horizon, horizon, type PricePoint, pricePoints } from './model.ts';
export { type Aggregated, aggregate } from './periods.ts';
export { MAX_STATES, type PreparedPlan, planMarkdown, preparePlan, type SolvedPlan, solvePlan } from './plan.ts';
export {
  DEFAULT_EPS,
  guideTable,
  logFactorial,
  pmfAt,
  poissonTable,
  sampleGuided,
  samplePoisson,
  soldAt,
  type TruncatedPoisson,
  tailAt,
  truncatedPoisson,
} from './poisson.ts';
export { mulberry32, seedFrom } from './prng.ts';
export { refineSchedule } from './refine.ts';
export { correlation, type Fit, poissonFit } from './regression.ts';
export { expectedPath, toSteps } from './schedule.ts';
export type { DemandParams, EpochMs, Plan, PlanInput, PlanStep, SalesRecord } from './types.ts';
