import { pendingDeliveries, undispatched } from '../src/db/deliveries.ts';
import { openImports } from '../src/db/imports.ts';
import { merchantZones } from '../src/db/merchants.ts';
import { pageSchedulable, rowToPromotion } from '../src/db/promotions.ts';
import { heldUntilBefore } from '../src/db/reservations.ts';
import { boundariesToSchedule } from '../src/services/lifecycle.ts';
import type { JobContext } from './context.ts';
import { QUEUES } from './queues.ts';

const { fanOut } = QUEUES.events.jobs;
const { deliver } = QUEUES.webhooks.jobs;
const { boundary } = QUEUES.lifecycle.jobs;
const { expire, sweep } = QUEUES.reservations.jobs;
const { importProducts } = QUEUES.imports.jobs;
const { snapshot } = QUEUES.reports.jobs;

/** Boundaries this far back are still announced when a worker comes up late (ids make re-announcing a no-op). */
export const LOOKBACK_MS = 60 * 60 * 1000;
const PAGE = 1000;

/** Schedules the boundary jobs of the given promotions (all live ones when `merchantId` is null). */
export async function scheduleLifecycles(ctx: JobContext, filter: { merchantId?: string; promotionId?: string }) {
  const now = Date.now();
  const endedSince = new Date(now - LOOKBACK_MS);
  let after = '';
  for (;;) {
    const rows = await pageSchedulable(ctx.db, filter, { endedSince, after, limit: PAGE });
    if (rows.length === 0) return;
    const jobs = rows.flatMap((row) =>
      boundariesToSchedule(rowToPromotion(row), now, LOOKBACK_MS).map((at) => boundary(row.id, at, now)),
    );
    if (jobs.length > 0) await ctx.queues.lifecycle.addBulk(jobs);
    after = rows[rows.length - 1]!.id;
  }
}

/**
 * Re-derives every job from PostgreSQL, the source of truth: run at worker start, when Redis comes back, and
 * periodically. Job ids are business keys, so whatever is still queued is left as it is; whatever a flushed Redis lost
 * is queued again.
 */
export async function reconcile(ctx: JobContext): Promise<void> {
  const { queues, db } = ctx;
  const events = await undispatched(db, 5000, 10_000);
  if (events.length > 0) await queues.events.addBulk(events.map(fanOut));
  const deliveries = await pendingDeliveries(db, 5000, 10_000);
  if (deliveries.length > 0) await queues.webhooks.addBulk(deliveries.map((d) => deliver(d.webhook_id, d.event_id)));
  await scheduleLifecycles(ctx, {});
  const now = Date.now();
  // Later ones got their job when held; a lost one is caught by a later pass (and the sweep) in time.
  const held = await heldUntilBefore(db, new Date(now + 2 * ctx.config.reconcileMs), 10_000);
  if (held.length > 0) await queues.reservations.addBulk(held.map((r) => expire(r.id, r.expires_at.getTime(), now)));
  const imports = await openImports(db, 1000);
  if (imports.length > 0) await queues.imports.addBulk(imports.map((id) => importProducts(id)));
  await scheduleSnapshots(ctx);
  await queues.reservations.upsertJobScheduler(sweep.id, sweep.repeat, sweep.template);
}

/** One repeatable snapshot job per merchant, shortly after midnight in the merchant's timezone. */
async function scheduleSnapshots(ctx: JobContext): Promise<void> {
  for (const m of await merchantZones(ctx.db)) {
    const s = snapshot(m.id, m.timezone);
    await ctx.queues.reports.upsertJobScheduler(s.id, s.repeat, s.template);
  }
}
