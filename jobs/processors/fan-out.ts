import { type Processor, UnrecoverableError } from 'bullmq';
import { createDeliveries, findEvent, markDispatched } from '../../src/db/deliveries.ts';
import { subscribers } from '../../src/db/webhooks.ts';
import { announceStockSoldOut } from '../../src/services/sold-out.ts';
import type { JobDeps } from '../context.ts';
import { type FanOutJob, JOB_NAMES, jobId } from '../queues.ts';

export interface FanOutResult {
  webhooks: number;
}

/**
 * `events` → one pending delivery row and one `webhooks` job per subscribed webhook. Both are keyed by (webhook,
 * event), so a fan-out that runs twice (retried, or relayed by two processes) delivers once.
 */
export function fanOutProcessor(deps: JobDeps): Processor<FanOutJob, FanOutResult> {
  return async (job) => {
    const { eventId } = job.data;
    const event = await findEvent(deps.db, eventId);
    if (!event) throw new UnrecoverableError(`no outbox event ${eventId}`);
    const hooks = await subscribers(deps.db, event.merchant_id, event.type, event.created_at);
    await createDeliveries(deps.db, event, hooks);
    if (hooks.length > 0) {
      await deps.queues.webhooks.addBulk(
        hooks.map((webhookId) => ({
          name: JOB_NAMES.deliver,
          data: { webhookId, eventId },
          opts: { jobId: jobId('deliver', webhookId, eventId) },
        })),
      );
    }
    if (event.type === 'order.confirmed') {
      const lines = (event.data as { lines?: { sku: string }[] }).lines ?? [];
      await announceStockSoldOut(
        deps.db,
        event.merchant_id,
        lines.map((l) => l.sku),
        Date.now(),
      );
    }
    await markDispatched(deps.db, eventId);
    return { webhooks: hooks.length };
  };
}
