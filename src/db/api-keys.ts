import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './database.ts';
import { newId } from './ids.ts';

export type Role = 'console' | 'storefront';

export interface KeyIdentity {
  keyId: string;
  merchantId: string;
  role: Role;
}

export interface IssuedKey {
  id: string;
  role: Role;
  /** The secret; shown once, never stored. */
  key: string;
}

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export async function issueKey(db: Db, merchantId: string, role: Role): Promise<IssuedKey> {
  const key = `${role === 'console' ? 'ck' : 'sk'}_${randomBytes(24).toString('base64url')}`;
  const id = newId();
  await db
    .insertInto('api_keys')
    .values({ id, merchant_id: merchantId, role, key_hash: hashKey(key), key_prefix: key.slice(0, 7) })
    .execute();
  return { id, role, key };
}

/** The live (unrevoked) key with this secret, if any. */
export async function findKeyByHash(db: Db, keyHash: string): Promise<KeyIdentity | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'merchant_id', 'role'])
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row && { keyId: row.id, merchantId: row.merchant_id, role: row.role };
}

/** Revokes one of the merchant's keys; false when the merchant has no such live key. */
export async function revokeKey(db: Db, merchantId: string, keyId: string): Promise<boolean> {
  const res = await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('merchant_id', '=', merchantId)
    .where('id', '=', keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function listKeys(db: Db, merchantId: string) {
  const rows = await db
    .selectFrom('api_keys')
    .select(['id', 'role', 'key_prefix', 'created_at', 'revoked_at'])
    .where('merchant_id', '=', merchantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    prefix: r.key_prefix,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
  }));
}
