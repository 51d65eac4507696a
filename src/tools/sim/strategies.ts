import { effectiveFloor } from '../../domain/floor.ts';
import { discounted, type Minor } from '../../domain/money.ts';
import {
  DAY_MS,
  type DemandParams,
  type PlanInput,
  type PlanStep,
  policyAction,
  preparePlan,
  type SalesRecord,
  solvePlan,
  toSteps,
} from '../../domain/planner/index.ts';
import { mulberry32 } from '../../domain/planner/prng.ts';
import { poisson } from './poisson.ts';
import type { Scenario } from './scenarios.ts';

/** Prices one simulated run: called once per day with the stock on hand; a fresh pricer per run. */
export type Pricer = (day: number, stock: number) => Minor;

/** A way to price the clearance, as the simulator compares them. */
export interface Strategy {
  name: string;
  start(): Pricer;
}

export const START = Date.UTC(2025, 0, 6);

export function floorOf(s: Scenario): Minor {
  return effectiveFloor({ unitCost: s.unitCost, minMarginBps: s.minMarginBps, floorPrice: null }, 0);
}

/** A fixed ladder of percentages by week; a step below the floor is clamped to it, as the pricing engine does. */
export function ladder(s: Scenario, name: string, weeklyBps: number[]): Strategy {
  const floor = floorOf(s);
  return {
    name,
    start: () => (day) =>
      Math.max(floor, discounted(s.listPrice, weeklyBps[Math.min(Math.floor(day / 7), weeklyBps.length - 1)]!)),
  };
}

/** The price in force on `day` under published steps (list price before the first one). */
export function priceOnDay(steps: readonly PlanStep[], listPrice: Minor, day: number): Minor {
  let price = listPrice;
  for (const step of steps) if (step.at <= START + day * DAY_MS) price = step.price;
  return price;
}

function planInput(s: Scenario, demand: DemandParams | undefined, history?: SalesRecord[]): PlanInput {
  return {
    sku: `sim-${s.name}`,
    onHand: s.onHand,
    listPrice: s.listPrice,
    unitCost: s.unitCost,
    floor: floorOf(s),
    start: START,
    deadline: START + s.days * DAY_MS,
    leftoverValue: s.leftoverValue,
    bandPaths: 0,
    ...(demand ? { demand } : { history: history ?? [] }),
  };
}

/**
 * The planner's two ways to run, for one belief about demand: `planner (fixed)` applies the published steps unchanged
 * (what `/apply` creates); `planner (adaptive)` follows the DP policy with the stock actually left, as re-planning
 * every day would.
 */
export function plannerStrategies(s: Scenario, input: PlanInput): [Strategy, Strategy] {
  const solved = solvePlan(preparePlan(input));
  const steps = toSteps(solved.schedule, solved.points, input.start, DAY_MS);
  const prices = solved.model.prices;
  return [
    { name: 'planner (fixed steps)', start: () => (day) => priceOnDay(steps, s.listPrice, day) },
    {
      name: 'planner (adaptive)',
      start: () => {
        let j = 0;
        return (day, stock) => {
          j = policyAction(solved.policy, day, stock, j);
          return prices[j]!;
        };
      },
    },
  ];
}

/** The planner's input for one seed: the true parameters, or an estimate from simulated earlier sales. */
export function plannerInput(s: Scenario, seed: number): PlanInput {
  const truth = { ratePerPeriod: s.ratePerDay, elasticity: s.elasticity, decayPerPeriod: s.decayPerDay };
  if (s.plannerDemand === 'given') return planInput(s, truth);
  const rnd = mulberry32(seed ^ 0x5bd1e995);
  const history: SalesRecord[] = [];
  const weeks = [0, 1000, 0, 2000]; // earlier weeks at list, 10 % off, list, 20 % off
  for (let t = -28; t < 0; t++) {
    const price = discounted(s.listPrice, weeks[Math.floor((t + 28) / 7)]!);
    const quantity = poisson(s.ratePerDay * (price / s.listPrice) ** -s.elasticity * (1 - s.decayPerDay) ** t, rnd);
    if (quantity > 0)
      history.push({ at: START + t * DAY_MS + 12 * 3_600_000, price, listPrice: s.listPrice, quantity });
  }
  return planInput(s, undefined, history); // preparePlan estimates (and throws insufficient_history if it cannot)
}
