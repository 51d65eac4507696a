import { type Processor, UnrecoverableError } from 'bullmq';
import { createDeliveries, findEvent, markDispatched } from '../../src/db/deliveries.ts';
import { subscribers } from '../../src/db/webhooks.ts';
import { announceStockSoldOut } from '../../src/services/sold-out.ts';
import type { JobContext } from '../context.ts';
import { jobId } from '../job-id.ts';
import { deliverJob } from './deliver.ts';

/** `events`: one outbox event, by its event id. */
export interface FanOutJob {
  eventId: string;
}

export interface FanOutResult {
  webhooks: number;
}

/** The job for an outbox event; its id is the event id, so relaying an event twice queues it once. */
export function fanOutJob(eventId: string) {
  return { name: 'fan-out', data: { eventId }, opts: { jobId: jobId('event', eventId) } };
}

/**
 * `events` → one pending delivery row and one `webhooks` job per subscribed webhook. Both are keyed by (webhook,
 * event), so a fan-out that runs twice (retried, or relayed by two processes) delivers once.
 */
export function fanOutProcessor(ctx: JobContext): Processor<FanOutJob, FanOutResult> {
  return async (job) => {
    const { eventId } = job.data;
    const event = await findEvent(ctx.db, eventId);
    if (!event) throw new UnrecoverableError(`no outbox event ${eventId}`);
    const hooks = await subscribers(ctx.db, event.merchant_id, event.type, event.created_at);
    await createDeliveries(ctx.db, event, hooks);
    if (hooks.length > 0) await ctx.queues.webhooks.addBulk(hooks.map((webhookId) => deliverJob(webhookId, eventId)));
    if (event.type === 'order.confirmed') {
      const lines = (event.data as { lines?: { sku: string }[] }).lines ?? [];
      await announceStockSoldOut(ctx, event.merchant_id, { skus: lines.map((l) => l.sku), now: Date.now() });
    }
    await markDispatched(ctx.db, eventId);
    return { webhooks: hooks.length };
  };
}
