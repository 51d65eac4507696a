import { type IssuedKey, issueKey, listKeys, type Role, revokeKey } from '../db/api-keys.ts';
import { newId } from '../db/ids.ts';
import { findMerchant, insertMerchant, type Merchant, updateMerchantDefaults } from '../db/merchants.ts';
import { AppError, badRequest } from '../domain/errors.ts';
import { isCurrency, isTimeZone } from '../domain/zones.ts';
import type { DbContext } from './context.ts';

export interface NewMerchant {
  name: string;
  currency: string;
  timezone?: string;
  defaultMinMarginBps?: number;
}

export interface CreatedMerchant extends Merchant {
  apiKeys: { console: string; storefront: string };
}

/**
 * `POST /v1/merchants` (admin token, so no merchant scope yet): a merchant with one console and one storefront key, in
 * one transaction.
 */
export async function createMerchant(ctx: DbContext, input: NewMerchant): Promise<CreatedMerchant> {
  if (!isCurrency(input.currency)) throw badRequest('body/currency', `"${input.currency}" is not an ISO 4217 code`);
  const timezone = input.timezone ?? 'UTC';
  if (!isTimeZone(timezone)) throw badRequest('body/timezone', `"${timezone}" is not an IANA time zone`);
  const merchant: Merchant = {
    id: newId(),
    name: input.name,
    currency: input.currency,
    timezone,
    defaultMinMarginBps: input.defaultMinMarginBps ?? 0,
  };
  let keys: [IssuedKey, IssuedKey] | undefined;
  await ctx.db.transaction().execute(async (trx) => {
    await insertMerchant(trx, merchant);
    keys = [await issueKey(trx, merchant.id, 'console'), await issueKey(trx, merchant.id, 'storefront')];
  });
  return { ...merchant, apiKeys: { console: keys![0].key, storefront: keys![1].key } };
}

export async function getMerchant(ctx: DbContext, merchantId: string): Promise<Merchant> {
  const m = await findMerchant(ctx.db, merchantId);
  if (!m) throw new AppError('not_found', 'merchant not found');
  return m;
}

/** `PATCH /v1/merchant`: the name or the default minimum margin, audited. */
export async function updateMerchant(
  ctx: DbContext,
  merchantId: string,
  { keyId, patch }: { keyId: string | null; patch: { name?: string; defaultMinMarginBps?: number } },
): Promise<Merchant> {
  return updateMerchantDefaults(ctx.db, merchantId, keyId, patch);
}

/** `POST /v1/api-keys`: a new key of `role`; its secret is in the answer only. */
export async function issueApiKey(ctx: DbContext, merchantId: string, role: Role): Promise<IssuedKey> {
  return issueKey(ctx.db, merchantId, role);
}

export async function listApiKeys(ctx: DbContext, merchantId: string) {
  return listKeys(ctx.db, merchantId);
}

/** `DELETE /v1/api-keys/{id}`: 404 unless the merchant has such a live key. */
export async function revokeApiKey(ctx: DbContext, merchantId: string, id: string): Promise<void> {
  if (!(await revokeKey(ctx.db, merchantId, id))) throw new AppError('not_found', `no live API key ${id}`);
}
