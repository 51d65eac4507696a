import type { Db } from '../db/database.ts';
import { EVENT_TYPES } from '../db/events.ts';
import { deleteWebhook, findWebhook, insertWebhook } from '../db/webhooks.ts';
import { AppError, badRequest } from '../domain/errors.ts';

/** `POST /v1/webhooks`: an http(s) URL and a non-empty subset of the event types; returns the signing secret once. */
export async function createWebhook(db: Db, merchantId: string, input: { url: string; events: string[] }) {
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
  return insertWebhook(db, merchantId, { url: url.toString(), events: input.events });
}

export async function getWebhook(db: Db, merchantId: string, id: string) {
  const hook = await findWebhook(db, merchantId, id);
  if (!hook) throw new AppError('not_found', `no webhook ${id}`);
  return hook;
}

export async function removeWebhook(db: Db, merchantId: string, id: string): Promise<void> {
  if (!(await deleteWebhook(db, merchantId, id))) throw new AppError('not_found', `no webhook ${id}`);
}
