/**
 * Planner benchmark: plans 10,000 SKUs (1,000 with --quick) over a 4-week horizon with daily periods and 5 % price
 * steps, and prints SKUs planned, seconds and SKUs/s.
 *
 *   node --import tsx test/bench/planner.ts [--quick] [--workers N] [--heavy]
 *
 * The SKUs are a seeded mix (mulberry32): stock 20–400 units (210 on average), list 10.00–200.00, cost 5–60 % of
 * list, minimum margin 0–20 % (so 6–19 price points above the floor, 13 on average), 1–30 units/day at list (log-
 * uniform), elasticity 1.5–3.5, decay 0–5 %/day.
 * `--heavy` plans the worst case instead: 400 units and 20 price points (floor near zero) for every SKU.
 * Planning is CPU-bound and SKUs are independent, so the work is split over worker threads (default: one per core);
 * the time includes starting them. `run()` is exported for the bench harness (test/bench/run.ts).
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { effectiveFloor } from '../../src/domain/floor.ts';
import { DAY_MS, mulberry32, type PlanInput, planMarkdown } from '../../src/domain/planner/index.ts';

export interface PlannerBenchResult {
  skus: number;
  seconds: number;
  skusPerSecond: number;
  workers: number;
  /** CPU time of the whole process (all threads): on a busy machine, seconds ≈ cpuSeconds / cores when it is idle. */
  cpuSeconds: number;
  /** Sum of expected revenue over all plans: the same for the same SKUs whatever the split. */
  checksum: number;
}

const START = Date.UTC(2025, 0, 6);

/** The i-th SKU of the benchmark mix (deterministic: one mulberry32 stream per SKU). */
export function benchSku(i: number, heavy = false): PlanInput {
  const r = mulberry32(0x9e3779b9 ^ (i * 2654435761));
  const listPrice = Math.round(10 + r() * 190) * 100;
  const unitCost = heavy ? 0 : Math.round(listPrice * (0.05 + r() * 0.55));
  const minMarginBps = heavy ? 0 : Math.round(r() * 2000);
  return {
    sku: `BENCH-${i}`,
    onHand: heavy ? 400 : 20 + Math.floor(r() * 381),
    listPrice,
    unitCost,
    floor: effectiveFloor({ unitCost, minMarginBps, floorPrice: null }, 0),
    start: START,
    deadline: START + 28 * DAY_MS,
    demand: { ratePerPeriod: Math.exp(r() * Math.log(30)), elasticity: 1.5 + 2 * r(), decayPerPeriod: 0.05 * r() },
  };
}

function planRange(from: number, to: number, heavy: boolean): number {
  let checksum = 0;
  for (let i = from; i < to; i++) checksum += planMarkdown(benchSku(i, heavy)).expected.revenue;
  return checksum;
}

function inWorker(from: number, to: number, heavy: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    // Register tsx inside the worker before loading this .ts file: `--import tsx` hooks do not reach worker threads.
    const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    const boot = `import(${tsx}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const w = new Worker(boot, { eval: true, workerData: { plannerBench: true, from, to, heavy } });
    w.once('message', (checksum: number) => resolve(checksum));
    w.once('error', reject);
    w.once('exit', (code) => code !== 0 && reject(new Error(`planner bench worker exited with ${code}`)));
  });
}

/** Plans the benchmark mix and reports the throughput; `workers: 1` plans in this thread. */
export async function run({
  quick = false,
  workers = availableParallelism(),
  heavy = false,
}: {
  quick?: boolean;
  workers?: number;
  heavy?: boolean;
} = {}): Promise<PlannerBenchResult> {
  const skus = quick ? 1_000 : 10_000;
  const n = Math.max(1, Math.min(workers, skus));
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let checksum: number;
  if (n === 1) checksum = planRange(0, skus, heavy);
  else {
    const parts = Array.from({ length: n }, (_, k) =>
      inWorker(Math.floor((k * skus) / n), Math.floor(((k + 1) * skus) / n), heavy),
    );
    checksum = (await Promise.all(parts)).reduce((a, b) => a + b, 0);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { skus, seconds, skusPerSecond: skus / seconds, workers: n, cpuSeconds, checksum };
}

if (!isMainThread && workerData?.plannerBench) {
  const { from, to, heavy } = workerData as { from: number; to: number; heavy: boolean };
  parentPort!.postMessage(planRange(from, to, heavy));
} else if (isMainThread && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const w = args.indexOf('--workers');
  const r = await run({
    quick: args.includes('--quick'),
    heavy: args.includes('--heavy'),
    ...(w >= 0 ? { workers: Number(args[w + 1]) } : {}),
  });
  console.log(`SKUs planned: ${r.skus}`);
  console.log(`seconds: ${r.seconds.toFixed(2)} (${r.workers} worker${r.workers > 1 ? 's' : ''})`);
  console.log(`SKUs/s: ${r.skusPerSecond.toFixed(0)}`);
  console.log(`CPU seconds (all threads): ${r.cpuSeconds.toFixed(2)}`);
}
