/**
 * `npm run bench` runs every workload and writes the table to test/bench/RESULTS.md;
 * `npm run bench -- --quick` is the CI smoke: smaller data, short runs, ratios printed (not asserted), and a
 * non-zero exit only when a correctness check fails (oversell, lost event, failed import).
 * `--only=quote,flash` runs a subset. Needs DATABASE_URL (a PostgreSQL server) and REDIS_URL.
 */
import { cpus, totalmem } from 'node:os';
import type { BenchContext, Row } from './lib/context.ts';
import { writeResults } from './lib/report.ts';
import { eventsWorkload } from './workloads/events.ts';
import { flashWorkload } from './workloads/flash.ts';
import { httpWorkloads } from './workloads/http.ts';
import { importWorkload } from './workloads/import.ts';
import { plannerWorkload } from './workloads/planner.ts';
import { scalingWorkload } from './workloads/scaling.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
if (!databaseUrl) {
  console.error('npm run bench needs DATABASE_URL (a PostgreSQL server) and REDIS_URL');
  process.exit(2);
}

const rows: Row[] = [];
const ctx: BenchContext = {
  quick,
  databaseUrl,
  redisUrl,
  rows,
  failures: [],
  log: (msg) => console.log(`[bench] ${msg}`),
};

const workloads: [string, () => Promise<void> | void][] = [
  ['scaling', () => scalingWorkload(ctx)],
  ['quote', () => httpWorkloads(ctx)],
  ['flash', () => flashWorkload(ctx)],
  ['events', () => eventsWorkload(ctx)],
  ['import', () => importWorkload(ctx)],
  ['planner', () => plannerWorkload(ctx)],
];

const started = Date.now();
for (const [name, run] of workloads) {
  if (only && !only.includes(name)) continue;
  ctx.log(`workload ${name}`);
  const t0 = Date.now();
  try {
    await run();
  } catch (err) {
    ctx.failures.push(`${name} crashed: ${(err as Error).stack ?? err}`);
  }
  ctx.log(`workload ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const table = [
  '| Workload | Metric | Value | Target | Met |',
  '|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.workload} | ${r.metric} | ${r.value} | ${r.target ?? ''} | ${r.ok === undefined ? '' : r.ok ? 'yes' : 'no'} |`,
  ),
].join('\n');
console.log(`\n${table}\n`);
console.log(`machine: ${machine}; ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
if (!quick && !only) writeResults(table, machine, `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`);
if (ctx.failures.length > 0) {
  console.error(`\nCORRECTNESS FAILURES:\n- ${ctx.failures.join('\n- ')}`);
  process.exit(1);
}
process.exit(0);
