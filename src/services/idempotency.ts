import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { AppError } from '../domain/errors.ts';

export interface IdempotencyScope {
  merchantId: string;
  /** What the key is for: `reserve`, `confirm:<reservationId>`. */
  scope: string;
  key: string | undefined;
  body: unknown;
}

export interface Replay {
  status: number;
  body: unknown;
}

/** JSON with sorted keys, so the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export const requestHash = (body: unknown): string => createHash('sha256').update(canonical(body)).digest('hex');

export function reusedKey(s: IdempotencyScope): AppError {
  return new AppError('idempotency_key_reused', `Idempotency-Key "${s.key}" was used with a different request body`);
}

function replayOf(s: IdempotencyScope, row: { request_hash: string; status_code: number; response: unknown }): Replay {
  if (row.request_hash !== requestHash(s.body)) throw reusedKey(s);
  return { status: row.status_code, body: row.response };
}

/**
 * Outside a transaction: returns the stored response of a finished request with this key, if any.
 * Inside the request's transaction (`inTransaction`): claims the key. A concurrent request with the same key waits on
 * the claim until the first transaction ends, then replays its response, so a key never makes a second hold.
 * Keys live 24 hours.
 */
export async function claimIdempotency(db: Db, s: IdempotencyScope, inTransaction = false): Promise<Replay | null> {
  if (!s.key) return null;
  if (inTransaction) {
    const claimed = await sql<{ key: string }>`
      insert into idempotency_keys (merchant_id, scope, key, request_hash, status_code, response)
      values (${s.merchantId}, ${s.scope}, ${s.key}, ${requestHash(s.body)}, 0, 'null')
      on conflict (merchant_id, scope, key) do update
        set request_hash = excluded.request_hash, status_code = 0, response = 'null', created_at = now()
        where idempotency_keys.created_at < now() - interval '24 hours'
      returning key`.execute(db);
    if (claimed.rows.length > 0) return null;
  }
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response'])
    .where('merchant_id', '=', s.merchantId)
    .where('scope', '=', s.scope)
    .where('key', '=', s.key)
    .where('created_at', '>', sql<Date>`now() - interval '24 hours'`)
    .executeTakeFirst();
  return row ? replayOf(s, row) : null;
}

/** Stores the response for replay, in the same transaction as the change it describes. */
export async function saveIdempotency(trx: Db, s: IdempotencyScope, status: number, body: unknown): Promise<void> {
  if (!s.key) return;
  await trx
    .updateTable('idempotency_keys')
    .set({ status_code: status, response: JSON.stringify(body) })
    .where('merchant_id', '=', s.merchantId)
    .where('scope', '=', s.scope)
    .where('key', '=', s.key)
    .execute();
}
