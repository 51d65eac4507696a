import { recordAudit } from './audit.ts';
import type { Db } from './database.ts';
import type { MerchantRow } from './schema.ts';

export interface Merchant {
  id: string;
  name: string;
  currency: string;
  timezone: string;
  defaultMinMarginBps: number;
}

export function rowToMerchant(row: MerchantRow): Merchant {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    timezone: row.timezone,
    defaultMinMarginBps: row.default_min_margin_bps,
  };
}

export async function insertMerchant(db: Db, m: Merchant): Promise<void> {
  await db
    .insertInto('merchants')
    .values({
      id: m.id,
      name: m.name,
      currency: m.currency,
      timezone: m.timezone,
      default_min_margin_bps: m.defaultMinMarginBps,
    })
    .execute();
}

export async function findMerchant(db: Db, merchantId: string): Promise<Merchant | undefined> {
  const row = await db.selectFrom('merchants').selectAll().where('id', '=', merchantId).executeTakeFirst();
  return row && rowToMerchant(row);
}

/** Every merchant's id and reporting time zone (the worker's nightly snapshot schedules). */
export async function merchantZones(db: Db): Promise<{ id: string; timezone: string }[]> {
  return db.selectFrom('merchants').select(['id', 'timezone']).orderBy('id').execute();
}

export async function countMerchants(db: Db): Promise<number> {
  const row = await db
    .selectFrom('merchants')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Updates the merchant's name or default margin and records the change in the audit trail. */
export async function updateMerchantDefaults(
  db: Db,
  merchantId: string,
  keyId: string | null,
  patch: { name?: string; defaultMinMarginBps?: number },
): Promise<Merchant> {
  if (patch.name === undefined && patch.defaultMinMarginBps === undefined) {
    const current = await findMerchant(db, merchantId);
    if (!current) throw new Error(`merchant ${merchantId} vanished`);
    return current;
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('merchants')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.defaultMinMarginBps !== undefined && { default_min_margin_bps: patch.defaultMinMarginBps }),
      })
      .where('id', '=', merchantId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, merchantId, 'merchant', merchantId, keyId, patch);
    return rowToMerchant(row);
  });
}
