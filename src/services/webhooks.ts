import { EVENT_TYPES } from '../db/event-types.ts';
import {
  deleteWebhook,
  listDeliveries as deliveryRows,
  findWebhook,
  insertWebhook,
  listWebhooks as webhookRows,
} from '../db/webhooks.ts';
import { AppError, badRequest } from '../domain/errors.ts';
import type { DbContext } from './context.ts';

/** `POST /v1/webhooks`: an http(s) URL and a non-empty subset of the event types; returns the signing secret once. */
export async function createWebhook(ctx: DbContext, merchantId: string, input: { url: string; events: string[] }) {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw badRequest('body/url', `"${input.url}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw badRequest('body/url', `must use http or https, got "${url.protocol}"`);
  }
  if (url.username || url.password) throw badRequest('body/url', 'must not carry credentials');
  input.events.forEach((type, i) => {
    if (!(EVENT_TYPES as readonly string[]).includes(type)) {
      throw badRequest(`body/events/${i}`, `"${type}" is not an event type (one of ${EVENT_TYPES.join(', ')})`);
    }
  });
  return insertWebhook(ctx.db, merchantId, { url: url.toString(), events: input.events });
}

export async function getWebhook(ctx: DbContext, merchantId: string, id: string) {
  const hook = await findWebhook(ctx.db, merchantId, id);
  if (!hook) throw new AppError('not_found', `no webhook ${id}`);
  return hook;
}

export async function removeWebhook(ctx: DbContext, merchantId: string, id: string): Promise<void> {
  if (!(await deleteWebhook(ctx.db, merchantId, id))) throw new AppError('not_found', `no webhook ${id}`);
}

export async function listWebhooks(
  ctx: DbContext,
  merchantId: string,
  page: { after: [string, string] | null; limit: number },
) {
  return webhookRows(ctx.db, merchantId, page);
}

/** `GET /v1/webhooks/{id}/deliveries`: the delivery log, one row per event; 404 for an unknown webhook. */
export async function listDeliveries(
  ctx: DbContext,
  merchantId: string,
  { id, ...page }: { id: string; after: number | null; limit: number },
) {
  await getWebhook(ctx, merchantId, id);
  return deliveryRows(ctx.db, merchantId, id, page);
}
