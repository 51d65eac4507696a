import { sql } from 'kysely';
import type { Db } from './database.ts';

/** Worker-side queries of the outbox relay and webhook deliveries. */

/** Claims up to `limit` unrelayed events; rows stay locked (others skip them) until the caller's transaction ends. */
export async function claimUnrelayed(trx: Db, limit: number): Promise<{ id: number; event_id: string }[]> {
  return trx
    .selectFrom('outbox')
    .select(['id', 'event_id'])
    .where('relayed_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markRelayed(trx: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('outbox')
    .set({ relayed_at: sql<Date>`now()` })
    .where('id', '=', sql<number>`any(${sql.val(ids)}::bigint[])`)
    .execute();
}

export async function findEvent(db: Db, eventId: string) {
  return db.selectFrom('outbox').selectAll().where('event_id', '=', eventId).executeTakeFirst();
}

export async function markDispatched(db: Db, eventId: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ dispatched_at: sql<Date>`now()` })
    .where('event_id', '=', eventId)
    .where('dispatched_at', 'is', null)
    .execute();
}

/** Events handed to Redis but never fanned out (lost with a flushed Redis, or still queued). */
export async function undispatched(db: Db, olderThanMs: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('outbox')
    .select('event_id')
    .where('relayed_at', 'is not', null)
    .where('dispatched_at', 'is', null)
    .where('relayed_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.event_id);
}

/** One pending delivery per subscriber; an existing one (fan-out ran twice) is left alone. */
export async function createDeliveries(
  trx: Db,
  event: { merchant_id: string; event_id: string; type: string },
  webhookIds: string[],
): Promise<void> {
  if (webhookIds.length === 0) return;
  await trx
    .insertInto('webhook_deliveries')
    .values(
      webhookIds.map((webhookId) => ({
        webhook_id: webhookId,
        event_id: event.event_id,
        merchant_id: event.merchant_id,
        event_type: event.type,
      })),
    )
    .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
    .execute();
}

/** Everything one delivery attempt needs: the delivery's state, where to send, how to sign, what to send. */
export async function deliveryContext(db: Db, webhookId: string, eventId: string) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .innerJoin('outbox as o', 'o.event_id', 'd.event_id')
    .select(['d.status', 'w.url', 'w.secret', 'w.deleted_at', 'o.event_id', 'o.type', 'o.created_at', 'o.data'])
    .select('o.merchant_id')
    .where('d.webhook_id', '=', webhookId)
    .where('d.event_id', '=', eventId)
    .executeTakeFirst();
}

export async function recordAttempt(
  db: Db,
  webhookId: string,
  eventId: string,
  outcome: { ok: boolean; final: boolean; statusCode: number | null; error: string | null },
): Promise<void> {
  const status = outcome.ok ? 'delivered' : outcome.final ? 'failed' : 'pending';
  await db
    .updateTable('webhook_deliveries')
    .set({
      status,
      attempts: sql<number>`attempts + 1`,
      last_status_code: outcome.statusCode,
      last_error: outcome.error,
      updated_at: sql<Date>`now()`,
      ...(outcome.ok && { delivered_at: sql<Date>`now()` }),
    })
    .where('webhook_id', '=', webhookId)
    .where('event_id', '=', eventId)
    .where('status', '=', 'pending')
    .execute();
}

/** Deliveries still owed, oldest first, for re-queueing after Redis lost them. */
export async function pendingDeliveries(db: Db, olderThanMs: number, limit: number) {
  return db
    .selectFrom('webhook_deliveries')
    .select(['webhook_id', 'event_id'])
    .where('status', '=', 'pending')
    .where('updated_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
    .orderBy('seq')
    .limit(limit)
    .execute();
}
