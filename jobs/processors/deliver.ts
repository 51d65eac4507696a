import { createHmac } from 'node:crypto';
import type { Processor } from 'bullmq';
import { deliveryContext, recordAttempt } from '../../src/db/deliveries.ts';
import type { JobContext } from '../context.ts';
import { jobId } from '../job-id.ts';

/** `webhooks`: one signed delivery of one event to one webhook. */
export interface DeliverJob {
  webhookId: string;
  eventId: string;
}

export interface DeliverResult {
  status: 'delivered' | 'skipped';
  statusCode?: number;
}

/** The job for one (webhook, event): one delivery, whoever fans the event out and however often. */
export function deliverJob(webhookId: string, eventId: string) {
  return {
    name: 'deliver-webhook',
    data: { webhookId, eventId },
    opts: { jobId: jobId('deliver', webhookId, eventId) },
  };
}

/** `X-Signature` value: `sha256=` + hex HMAC-SHA256 of the raw body under the webhook's secret. */
export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The delivery body; built from the stored event, so every retry sends the same bytes and the same `id`. */
export function deliveryBody(e: {
  event_id: string;
  type: string;
  created_at: Date;
  merchant_id: string;
  data: unknown;
}) {
  return JSON.stringify({
    id: e.event_id,
    type: e.type,
    at: e.created_at.toISOString(),
    merchantId: e.merchant_id,
    data: e.data,
  });
}

/**
 * `webhooks`: one signed POST. A non-2xx answer, a timeout or a network error throws, and BullMQ retries with
 * exponential backoff; the delivery row logs each attempt. Already delivered (a retried or duplicated job) → skipped.
 */
export function deliverProcessor(ctx: JobContext): Processor<DeliverJob, DeliverResult> {
  return async (job) => {
    const { webhookId, eventId } = job.data;
    const delivery = await deliveryContext(ctx.db, webhookId, eventId);
    if (delivery?.status !== 'pending' || delivery.deleted_at) return { status: 'skipped' };
    const body = deliveryBody(delivery);
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    let statusCode: number | null = null;
    try {
      const res = await fetch(delivery.url, {
        method: 'POST',
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(ctx.config.webhookTimeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'clearance-promotions-webhooks/1',
          'x-signature': sign(delivery.secret, body),
          'x-event-id': delivery.event_id,
          'x-event-type': delivery.type,
        },
      });
      statusCode = res.status;
      await res.body?.cancel().catch(() => {});
      if (res.status < 200 || res.status >= 300) throw new Error(`receiver answered ${res.status}`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await recordAttempt(ctx.db, webhookId, eventId, { ok: false, final, statusCode, error: message.slice(0, 500) });
      throw err;
    }
    // The receiver has it: record that through a brief database outage rather than fail the job, whose retry would
    // send the receiver the same event again.
    for (let attempt = 1; ; attempt++) {
      try {
        await recordAttempt(ctx.db, webhookId, eventId, { ok: true, final, statusCode, error: null });
        break;
      } catch (err) {
        if (attempt >= RECORD_ATTEMPTS) throw err;
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 2000)));
      }
    }
    return { status: 'delivered', statusCode };
  };
}

/** Tries at recording a successful delivery: about 25 s of database outage. */
const RECORD_ATTEMPTS = 16;
