import { type Policy, policyAction } from './dp.ts';
import type { Schedule } from './evaluate.ts';
import type { PricePoint } from './model.ts';
import { soldAt } from './poisson.ts';
import type { PlanStep } from './types.ts';

/**
 * The fixed schedule the adaptive policy follows along the expected stock path (the certainty-equivalent path):
 * start with N units at list; each period take the policy's price for the rounded expected stock, then subtract
 * the expected sales `E[min(D, n)]`.
 */
export function expectedPath(p: Policy): Schedule {
  const m = p.model;
  const J = m.prices.length;
  const out = new Uint8Array(m.periods);
  let stock = m.stock;
  let j = 0;
  for (let t = 0; t < m.periods; t++) {
    const n = Math.round(stock);
    j = policyAction(p, t, n, j);
    out[t] = j;
    stock = Math.max(0, stock - soldAt(p.dists[t * J + j]!, n));
  }
  return out;
}

/**
 * The steps of a schedule: one step at `start + t × periodMs` wherever period t's price differs from the previous
 * period's (list price before the first period). A schedule that never marks down has no steps.
 *
 * @example schedule [0, 0, 2, 2, 3] with 5 % steps → steps at start + 2 periods (10 %) and start + 4 periods (15 %)
 */
export function toSteps(
  schedule: Schedule,
  points: readonly PricePoint[],
  start: number,
  periodMs: number,
): PlanStep[] {
  const steps: PlanStep[] = [];
  let prev = 0;
  for (let t = 0; t < schedule.length; t++) {
    const k = schedule[t]!;
    if (k === prev) continue;
    const point = points[k]!;
    steps.push({ at: start + t * periodMs, percentBps: point.percentBps, price: point.price });
    prev = k;
  }
  return steps;
}
