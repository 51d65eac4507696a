import { sql } from 'kysely';
import type { Db } from './database.ts';

/** Stored answers of requests sent with an `Idempotency-Key`, per merchant and scope. A key lives 24 hours. */

export interface KeyRef {
  merchantId: string;
  scope: string;
  key: string;
}

export interface StoredAnswer {
  request_hash: string;
  status_code: number;
  response: unknown;
}

/**
 * Claims the key inside the caller's transaction: true when this request now owns it (new, or older than 24 hours).
 * A concurrent claim of the same key waits here until the owner's transaction ends.
 */
export async function claimKey(trx: Db, k: KeyRef, requestHash: string): Promise<boolean> {
  const claimed = await sql<{ key: string }>`
    insert into idempotency_keys (merchant_id, scope, key, request_hash, status_code, response)
    values (${k.merchantId}, ${k.scope}, ${k.key}, ${requestHash}, 0, 'null')
    on conflict (merchant_id, scope, key) do update
      set request_hash = excluded.request_hash, status_code = 0, response = 'null', created_at = now()
      where idempotency_keys.created_at < now() - interval '24 hours'
    returning key`.execute(trx);
  return claimed.rows.length > 0;
}

/** The answer stored under a live key, if any. */
export async function findAnswer(db: Db, k: KeyRef): Promise<StoredAnswer | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response'])
    .where('merchant_id', '=', k.merchantId)
    .where('scope', '=', k.scope)
    .where('key', '=', k.key)
    .where('created_at', '>', sql<Date>`now() - interval '24 hours'`)
    .executeTakeFirst();
}

/** Stores the answer of the request that claimed the key, in the transaction of the change it describes. */
export async function saveAnswer(trx: Db, k: KeyRef, status: number, body: unknown): Promise<void> {
  await trx
    .updateTable('idempotency_keys')
    .set({ status_code: status, response: JSON.stringify(body) })
    .where('merchant_id', '=', k.merchantId)
    .where('scope', '=', k.scope)
    .where('key', '=', k.key)
    .execute();
}
