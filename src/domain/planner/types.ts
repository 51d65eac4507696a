import type { Bps, Minor } from '../money.ts';

/** Epoch milliseconds. The planner never reads the clock: `start` is always passed in. */
export type EpochMs = number;

/**
 * Demand model, per period of the plan:
 * `λ(t, price) = ratePerPeriod × (price / listPrice)^(−elasticity) × (1 − decayPerPeriod)^t`,
 * and the units asked for in period `t` are Poisson(λ). Sales are that demand truncated by the stock on hand.
 * Decay is geometric in discrete periods (`t = 0` is the first period of the plan).
 *
 * @example { ratePerPeriod: 15, elasticity: 2.5, decayPerPeriod: 0.03 }
 *          // 15 units/day at list; 50 % off multiplies demand by 0.5^−2.5 ≈ 5.66; each day sells 3 % less than the last
 */
export interface DemandParams {
  /** Expected units per period at list price in the plan's first period. */
  ratePerPeriod: number;
  /** Price elasticity: demand ∝ (price / list)^(−elasticity). Typical clearance goods: 1.5 – 3. */
  elasticity: number;
  /** Fractional loss of demand per period, in [0, 1) (negative = growing demand). */
  decayPerPeriod: number;
}

/** One order line of the SKU's history (any granularity; the estimator aggregates per period). */
export interface SalesRecord {
  at: EpochMs;
  /** Unit price actually paid, minor units. */
  price: Minor;
  /** The list price at the time, minor units. */
  listPrice: Minor;
  quantity: number;
}

/**
 * What the planner needs about one SKU. Built from a product row (`listPrice`, `unitCost`, `floor`, `onHand`)
 * plus either an explicit `demand` or the SKU's own order `history`.
 */
export interface PlanInput {
  sku: string;
  onHand: number;
  listPrice: Minor;
  unitCost: Minor;
  /** The lowest allowed unit price (`effectiveFloor` of src/domain/floor.ts). */
  floor: Minor;
  /** First instant of the plan (inclusive). */
  start: EpochMs;
  /** The stock should be gone by this instant (exclusive). A trailing partial period gets a pro-rata share of demand. */
  deadline: EpochMs;
  /** Period length; default one day. Prices change only at `start + k × periodMs`. */
  periodMs?: number;
  /** Distance between allowed discounts; default 500 (5 %). Allowed: 0, step, 2·step, … while the price ≥ floor. */
  priceStepBps?: Bps;
  /** Explicit demand model; when absent, it is estimated from `history` ({@link estimateDemand}). */
  demand?: DemandParams;
  history?: readonly SalesRecord[];
  /**
   * Value of each unit left at the deadline, minor units per unit (default 0: leftover is worth nothing).
   * Negative values are a penalty (disposal cost, or a push towards sell-through); see README "Objective".
   */
  leftoverValue?: number;
  /** Paths of the Monte Carlo revenue band (default 256). The seed comes from `sku`, so the result is deterministic. */
  bandPaths?: number;
}

/** One change of price: from `at` on, the SKU sells at `percentBps` off list, i.e. at `price`. */
export interface PlanStep {
  at: EpochMs;
  percentBps: Bps;
  price: Minor;
}

/** The planner's answer for one SKU. Money is in integer minor units (expected values rounded half-up). */
export interface Plan {
  sku: string;
  steps: PlanStep[];
  expected: {
    unitsSold: number;
    leftover: number;
    revenue: Minor;
    grossMargin: number;
    /** 10th and 90th percentiles: units sold exactly (distribution propagation), revenue by seeded Monte Carlo. */
    band: { unitsSold: [number, number]; revenue: [Minor, Minor] };
  };
  demand: { source: 'history' | 'given' } & DemandParams;
}
