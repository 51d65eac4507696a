/**
 * Clearance simulator: the markdown planner against fixed ladders, over many seeded demand paths.
 *
 *   npm run simulate -- [--seeds 200] [--scenario default|no-penalty|history|slow|hot] [--json]
 *
 * Demand is Poisson with the scenario's elasticity and decay, drawn from mulberry32 (never Math.random), so a run is
 * reproducible. Prints a markdown table (mean and spread of revenue, gross margin, sell-through and leftover, and the
 * planner's revenue gain against each strategy) or, with --json, the same numbers as JSON.
 */
import { compare, type Stat, type StrategyResult } from './sim/run.ts';
import { SCENARIOS, type Scenario } from './sim/scenarios.ts';

function parseArgs(argv: string[]): { seeds: number; scenario: Scenario; json: boolean } {
  let seeds = 200;
  let name = 'default';
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--seeds') seeds = Number(value());
    else if (flag === '--scenario') name = value();
    else if (flag === '--json') json = true;
    else throw new Error(`unknown flag ${flag} (use --seeds N, --scenario NAME, --json)`);
  }
  if (!Number.isInteger(seeds) || seeds < 1) throw new Error('--seeds must be a positive integer');
  const scenario = SCENARIOS[name];
  if (!scenario) throw new Error(`unknown scenario ${name}; one of ${Object.keys(SCENARIOS).join(', ')}`);
  return { seeds, scenario, json };
}

const money = (minor: number) => (minor / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const pm = (s: Stat, f: (x: number) => string) => `${f(s.mean)} ± ${f(s.sd)}`;

function table(results: StrategyResult[]): string {
  const head = [
    '| Strategy | Revenue (mean ± sd) | Revenue p10 – p90 | Gross margin (mean ± sd) | Sell-through (mean ± sd) | Leftover units (mean ± sd) | Runs sold out | Planner (fixed) revenue gain |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const rows = results.map((r, i) =>
    [
      r.strategy,
      pm(r.revenue, money),
      `${money(r.revenue.p10)} – ${money(r.revenue.p90)}`,
      pm(r.grossMargin, money),
      pm(r.sellThrough, pct),
      pm(r.leftover, (x) => x.toFixed(1)),
      pct(r.soldOut),
      i === 0 ? '—' : `${r.plannerGainPct >= 0 ? '+' : ''}${r.plannerGainPct.toFixed(1)} %`,
    ].join(' | '),
  );
  return [...head, ...rows.map((r) => `| ${r} |`)].join('\n');
}

let args: ReturnType<typeof parseArgs>;
try {
  args = parseArgs(process.argv.slice(2));
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const { seeds, scenario, json } = args;
const { results, steps } = compare(scenario, seeds);
if (json) {
  console.log(JSON.stringify({ scenario, seeds, results, plannerSteps: steps }, null, 2));
} else {
  console.log(`Scenario \`${scenario.name}\`: ${scenario.description}; ${seeds} seeds.\n`);
  console.log(table(results));
  console.log(
    `\nPlanner (fixed steps)${scenario.plannerDemand === 'history' ? ', seed 1' : ''}: ${steps.join('; ') || 'no markdown'}.`,
  );
}
