import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from './database.ts';
import { newId } from './ids.ts';
import type { DeliveryStatus } from './schema-jobs.ts';

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
}

export interface Delivery {
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

type WebhookRow = { id: string; url: string; events: string[]; created_at: Date };
const rowToWebhook = (r: WebhookRow): Webhook => ({
  id: r.id,
  url: r.url,
  events: r.events,
  createdAt: r.created_at.toISOString(),
});

/** Stores a subscription with a fresh signing secret, which is shown once (like API keys). */
export async function insertWebhook(
  db: Db,
  merchantId: string,
  input: { url: string; events: string[] },
): Promise<Webhook & { secret: string }> {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const row = await db
    .insertInto('webhooks')
    .values({ id: newId(), merchant_id: merchantId, url: input.url, events: input.events, secret })
    .returning(['id', 'url', 'events', 'created_at'])
    .executeTakeFirstOrThrow();
  return { ...rowToWebhook(row), secret };
}

const live = (db: Db, merchantId: string) =>
  db
    .selectFrom('webhooks')
    .select(['id', 'url', 'events', 'created_at'])
    .where('merchant_id', '=', merchantId)
    .where('deleted_at', 'is', null);

export async function findWebhook(db: Db, merchantId: string, id: string): Promise<Webhook | undefined> {
  const row = await live(db, merchantId).where('id', '=', id).executeTakeFirst();
  return row && rowToWebhook(row);
}

/** Newest first would reorder pages while webhooks are added; oldest first keeps cursors stable. */
export async function listWebhooks(
  db: Db,
  merchantId: string,
  opts: { after: [string, string] | null; limit: number },
) {
  let q = live(db, merchantId);
  // Cursors carry milliseconds; PostgreSQL keeps microseconds, so compare and sort at millisecond precision.
  const ms = sql<Date>`date_trunc('milliseconds', created_at)`;
  if (opts.after) {
    const [at, id] = opts.after;
    q = q.where(sql<boolean>`(${ms}, id) > (${new Date(at)}, ${id})`);
  }
  const rows = await q
    .orderBy(ms)
    .orderBy('id')
    .limit(opts.limit + 1)
    .execute();
  return rows.map(rowToWebhook);
}

/** Soft delete: the delivery log keeps pointing at it, and no new delivery starts. */
export async function deleteWebhook(db: Db, merchantId: string, id: string): Promise<boolean> {
  const res = await db
    .updateTable('webhooks')
    .set({ deleted_at: sql<Date>`now()` })
    .where('merchant_id', '=', merchantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Live webhooks of the merchant subscribed to `type` that existed when the event happened. */
export async function subscribers(db: Db, merchantId: string, type: string, at: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('webhooks')
    .select('id')
    .where('merchant_id', '=', merchantId)
    .where('deleted_at', 'is', null)
    .where(sql<boolean>`events @> array[${type}]::text[]`)
    .where('created_at', '<=', at)
    .execute();
  return rows.map((r) => r.id);
}

export async function listDeliveries(
  db: Db,
  merchantId: string,
  webhookId: string,
  opts: { after: number | null; limit: number },
) {
  let q = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('webhook_id', '=', webhookId);
  if (opts.after !== null) q = q.where('seq', '<', opts.after);
  const rows = await q
    .orderBy('seq', 'desc')
    .limit(opts.limit + 1)
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    item: {
      eventId: r.event_id,
      eventType: r.event_type,
      status: r.status,
      attempts: r.attempts,
      lastStatusCode: r.last_status_code,
      lastError: r.last_error,
      createdAt: r.created_at.toISOString(),
      deliveredAt: r.delivered_at ? r.delivered_at.toISOString() : null,
    } satisfies Delivery,
  }));
}
