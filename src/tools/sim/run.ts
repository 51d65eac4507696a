import { mulberry32 } from '../../domain/planner/prng.ts';
import { poisson } from './poisson.ts';
import type { Scenario } from './scenarios.ts';
import { ladder, plannerInput, plannerStrategies, type Strategy } from './strategies.ts';

/** One simulated clearance. */
export interface Run {
  revenue: number;
  margin: number;
  sold: number;
  leftover: number;
}

/** Mean, standard deviation and 10th/90th percentiles of one metric over the seeds. */
export interface Stat {
  mean: number;
  sd: number;
  p10: number;
  p90: number;
}

export interface StrategyResult {
  strategy: string;
  revenue: Stat;
  grossMargin: Stat;
  sellThrough: Stat;
  leftover: Stat;
  /** Share of runs that sold every unit. */
  soldOut: number;
  /** (planner fixed mean revenue − this mean revenue) / this, in %. */
  plannerGainPct: number;
}

/**
 * Simulates one run: each day draws Poisson demand at the strategy's price from the true model; sales are capped by
 * stock. One uniform draw per day from `mulberry32(seed)`, so every strategy faces the same demand shocks.
 */
export function simulate(s: Scenario, strategy: Strategy, seed: number): Run {
  const rnd = mulberry32(seed);
  const price = strategy.start();
  let stock = s.onHand;
  let revenue = 0;
  for (let day = 0; day < s.days; day++) {
    const p = price(day, stock);
    const demand = poisson(s.ratePerDay * (p / s.listPrice) ** -s.elasticity * (1 - s.decayPerDay) ** day, rnd);
    const sold = Math.min(stock, demand);
    stock -= sold;
    revenue += sold * p;
  }
  const sold = s.onHand - stock;
  return { revenue, margin: revenue - sold * s.unitCost, sold, leftover: stock };
}

function stat(xs: number[]): Stat {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
  const sorted = [...xs].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
  return { mean, sd, p10: q(0.1), p90: q(0.9) };
}

/** Runs every strategy over seeds 1..seeds and summarises; the planner is re-planned per seed only for `history`. */
export function compare(s: Scenario, seeds: number): { results: StrategyResult[]; steps: string[] } {
  const fixed = [ladder(s, 'ladder 30/50/70 % weekly', [3000, 5000, 7000]), ladder(s, 'single 50 %', [5000])];
  const names = ['planner (fixed steps)', 'planner (adaptive)', ...fixed.map((f) => f.name)];
  const runs = new Map<string, Run[]>(names.map((n) => [n, []]));
  let shared = s.plannerDemand === 'given' ? plannerStrategies(s, plannerInput(s, 0)) : undefined;
  for (let seed = 1; seed <= seeds; seed++) {
    const planner = shared ?? plannerStrategies(s, plannerInput(s, seed));
    for (const strategy of [...planner, ...fixed]) runs.get(strategy.name)!.push(simulate(s, strategy, seed));
  }
  shared ??= plannerStrategies(s, plannerInput(s, 1));
  const plannerMean = stat(runs.get(names[0]!)!.map((r) => r.revenue)).mean;
  const results = names.map((name) => {
    const rs = runs.get(name)!;
    const revenue = stat(rs.map((r) => r.revenue));
    return {
      strategy: name,
      revenue,
      grossMargin: stat(rs.map((r) => r.margin)),
      sellThrough: stat(rs.map((r) => r.sold / s.onHand)),
      leftover: stat(rs.map((r) => r.leftover)),
      soldOut: rs.filter((r) => r.leftover === 0).length / rs.length,
      plannerGainPct: ((plannerMean - revenue.mean) / revenue.mean) * 100,
    };
  });
  return { results, steps: describeSteps(shared[0], s) };
}

/** The fixed schedule in words: `day 3: 20 % off (80.00)` at each change. */
function describeSteps(fixed: Strategy, s: Scenario): string[] {
  const price = fixed.start();
  const out: string[] = [];
  let prev = s.listPrice;
  for (let d = 0; d < s.days; d++) {
    const p = price(d, s.onHand);
    if (p !== prev) out.push(`day ${d}: ${(100 - (p / s.listPrice) * 100).toFixed(0)} % off (${(p / 100).toFixed(2)})`);
    prev = p;
  }
  return out;
}
