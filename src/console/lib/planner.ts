/** The clearance planner's API shapes (from the route schemas) and what the console derives from a plan. */
import type { Static } from 'typebox';
import { DAY_MS } from '../../domain/planner/model.ts';
import type { Demand, PlanStep as PlanStepView, PlanView } from '../../http/schemas/planner.ts';
import type { Product } from './types.ts';

export { DAY_MS };

export type DemandModel = Static<typeof Demand>;
export type PlanStep = Static<typeof PlanStepView>;
/** One SKU's plan; `expected.band` holds the 10th and 90th percentiles. */
export type Plan = Static<typeof PlanView>;

export interface PlanRequest {
  skus: string[];
  start: string;
  deadline: string;
  priceStepBps: number;
  demand?: DemandModel;
}

/** What a plan was made for: the request and the product as it was then (list price, cost, floor, stock). */
export interface PlanResult {
  request: PlanRequest;
  product: Product;
  plan: Plan;
}

/** The price in effect `ms` after the epoch: the last step at or before it, else list. */
export function priceAt(steps: PlanStep[], listPrice: number, ms: number): number {
  let price = listPrice;
  for (const s of steps) if (Date.parse(s.at) <= ms) price = s.price;
  return price;
}

export interface DayPoint {
  /** Days since the start of the plan. */
  day: number;
  at: number;
  value: number;
}

/** The planned price per day from start to deadline, as step points (one per day plus the deadline). */
export function pricePath(r: PlanResult): DayPoint[] {
  const start = Date.parse(r.request.start);
  const days = planDays(r);
  const out: DayPoint[] = [];
  for (let d = 0; d <= days; d++) {
    const at = Math.min(start + d * DAY_MS, Date.parse(r.request.deadline));
    // The last point is the deadline itself, at the price of the day that ends there.
    out.push({ day: d, at, value: priceAt(r.plan.steps, r.product.listPrice, d === days ? at - 1 : at) });
  }
  return out;
}

/** Whole days from start to deadline (a trailing part of a day counts as a day). */
export function planDays(r: PlanResult): number {
  return Math.max(1, Math.ceil((Date.parse(r.request.deadline) - Date.parse(r.request.start)) / DAY_MS));
}

/**
 * Expected units left at the end of each day, drawn client-side from the plan's steps and the demand model the
 * response returned. This is the DETERMINISTIC EXPECTATION (a fluid approximation): each day sells
 * `ratePerPeriod × (price / list)^(−elasticity) × (1 − decayPerPeriod)^t` units, capped by the stock left, with no
 * randomness. The planner's own `expected` figures are exact expectations under Poisson demand, where
 * E[min(demand, stock)] is a little below min(E[demand], stock), so the curve's end can differ slightly from
 * `expected.leftover` near a sell-out. A trailing part of a day gets a pro-rata share of that day's demand.
 */
export function expectedStock(r: PlanResult): DayPoint[] {
  const { listPrice } = r.product;
  const { ratePerPeriod, elasticity, decayPerPeriod } = r.plan.demand;
  const start = Date.parse(r.request.start);
  const deadline = Date.parse(r.request.deadline);
  let stock = Math.max(0, r.product.stock.available);
  const out: DayPoint[] = [{ day: 0, at: start, value: stock }];
  for (let t = 0; start + t * DAY_MS < deadline; t++) {
    const from = start + t * DAY_MS;
    const share = Math.min(1, (deadline - from) / DAY_MS);
    const price = priceAt(r.plan.steps, listPrice, from);
    const demand = ratePerPeriod * (price / listPrice) ** -elasticity * (1 - decayPerPeriod) ** t * share;
    stock = Math.max(0, stock - demand);
    out.push({ day: t + 1, at: Math.min(deadline, from + DAY_MS), value: stock });
  }
  return out;
}

/** Margin of selling at `price` with cost `unitCost`, in bps of the price (as the API's margin guard counts it). */
export function marginBps(price: number, unitCost: number): number {
  if (price <= 0) return unitCost > 0 ? -10000 : 0;
  return Math.floor(((price - unitCost) * 10000) / price);
}

/** Units to one decimal without trailing ".0": 498.26 → "498.3", 500 → "500". */
export function formatUnits(n: number): string {
  return String(Math.round(n * 10) / 10);
}
