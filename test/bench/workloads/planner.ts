import { existsSync } from 'node:fs';
import { type BenchContext, fmt } from '../lib/context.ts';

/** Clearance planner: 10,000 SKUs, 4-week horizon, daily steps, in this process (target < 30 s). */
export async function plannerWorkload(ctx: BenchContext): Promise<void> {
  if (!existsSync('test/bench/planner.ts')) {
    ctx.log('planner benchmark not present; skipped');
    return;
  }
  const mod = (await import('../planner.ts')) as {
    run(o: { quick: boolean }): Promise<{ skus: number; seconds: number }>;
  };
  const r = await mod.run({ quick: ctx.quick });
  ctx.rows.push({
    workload: '7 Planner',
    metric: `plan ${fmt(r.skus)} SKUs, 28 daily periods (s)`,
    value: fmt(r.seconds, 1),
    target: ctx.quick ? '' : '< 30',
    ok: ctx.quick ? undefined : r.seconds < 30,
  });
}
