import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { claimKey, findAnswer, type StoredAnswer, saveAnswer } from '../db/idempotency-keys.ts';
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

function replayOf(s: IdempotencyScope, row: StoredAnswer): Replay {
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
  const ref = { merchantId: s.merchantId, scope: s.scope, key: s.key };
  if (inTransaction && (await claimKey(db, ref, requestHash(s.body)))) return null;
  const row = await findAnswer(db, ref);
  return row ? replayOf(s, row) : null;
}

/** Stores the response for replay, in the same transaction as the change it describes. */
export async function saveIdempotency(trx: Db, s: IdempotencyScope, status: number, body: unknown): Promise<void> {
  if (s.key) await saveAnswer(trx, { merchantId: s.merchantId, scope: s.scope, key: s.key }, status, body);
}
