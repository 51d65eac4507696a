import { type IssuedKey, issueKey } from '../db/api-keys.ts';
import type { Db } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import { insertMerchant, type Merchant } from '../db/merchants.ts';
import { badRequest } from '../domain/errors.ts';
import { isCurrency, isTimeZone } from '../domain/zones.ts';

export interface NewMerchant {
  name: string;
  currency: string;
  timezone?: string;
  defaultMinMarginBps?: number;
}

export interface CreatedMerchant extends Merchant {
  apiKeys: { console: string; storefront: string };
}

/** Creates a merchant with one console and one storefront key, in one transaction. */
export async function createMerchant(db: Db, input: NewMerchant): Promise<CreatedMerchant> {
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
  await db.transaction().execute(async (trx) => {
    await insertMerchant(trx, merchant);
    keys = [await issueKey(trx, merchant.id, 'console'), await issueKey(trx, merchant.id, 'storefront')];
  });
  return { ...merchant, apiKeys: { console: keys![0].key, storefront: keys![1].key } };
}
