import type { Bps, Minor } from '../../domain/money.ts';

/** A clearance situation to simulate: the truth about demand, and what the planner is told. */
export interface Scenario {
  name: string;
  description: string;
  days: number;
  onHand: number;
  listPrice: Minor;
  unitCost: Minor;
  minMarginBps: Bps;
  /** True demand: expected units per day at list price on day 0, elasticity, daily decay. */
  ratePerDay: number;
  elasticity: number;
  decayPerDay: number;
  /**
   * What the planner believes. `given` = the true parameters; `history` = estimated per seed from 28 simulated days
   * of earlier sales at list and at 10 % / 20 % off (so estimation error is part of the result).
   */
  plannerDemand: 'given' | 'history';
  /** The planner's value per unit left at the deadline (negative = penalty), see README "Objective". */
  leftoverValue: number;
}

const base: Scenario = {
  name: 'default',
  description:
    '4 weeks, 500 units, list 100.00, cost 40.00, 10 % min margin, ~15/day at list, elasticity 2.5, decay 3 %/day',
  days: 28,
  onHand: 500,
  listPrice: 10000,
  unitCost: 4000,
  minMarginBps: 1000,
  ratePerDay: 15,
  elasticity: 2.5,
  decayPerDay: 0.03,
  plannerDemand: 'given',
  // −100 × list per unit left: a sell-through constraint written as a penalty (see the planner README, "Objective")
  leftoverValue: -1_000_000,
};

/** Named scenarios for `--scenario`. */
export const SCENARIOS: Record<string, Scenario> = {
  default: base,
  'no-penalty': {
    ...base,
    name: 'no-penalty',
    description: 'default, but the planner values leftover at 0 (pure revenue objective)',
    leftoverValue: 0,
  },
  history: {
    ...base,
    name: 'history',
    description: 'default, but the planner estimates demand from 28 days of noisy earlier sales (per seed)',
    plannerDemand: 'history',
  },
  slow: {
    ...base,
    name: 'slow',
    description: 'slow mover: 6/day at list, elasticity 2, decay 2 %/day, 400 units',
    onHand: 400,
    ratePerDay: 6,
    elasticity: 2,
    decayPerDay: 0.02,
  },
  hot: {
    ...base,
    name: 'hot',
    description: 'popular item: 30/day at list, elasticity 1.8, 300 units (little discount needed)',
    onHand: 300,
    ratePerDay: 30,
    elasticity: 1.8,
  },
};
