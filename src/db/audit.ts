import type { Db } from './database.ts';

export type AuditEntity = 'promotion' | 'product' | 'merchant';

/** Appends one change to the audit trail, in the caller's transaction. */
export async function recordAudit(
  trx: Db,
  merchantId: string,
  entityType: AuditEntity,
  entityId: string,
  keyId: string | null,
  change: Record<string, unknown>,
): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      merchant_id: merchantId,
      entity_type: entityType,
      entity_id: entityId,
      key_id: keyId,
      change: JSON.stringify(change),
    })
    .execute();
}

export async function listAudit(
  db: Db,
  merchantId: string,
  entityType: AuditEntity,
  entityId: string,
  opts: { after?: number | null; limit: number },
) {
  let q = db
    .selectFrom('audit_log')
    .select(['id', 'key_id', 'change', 'created_at'])
    .where('merchant_id', '=', merchantId)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId);
  if (opts.after) q = q.where('id', '>', opts.after);
  return q
    .orderBy('id')
    .limit(opts.limit + 1)
    .execute();
}

/** `{ field: { from, to } }` for each field whose value differs (a missing field counts as `null`); empty when nothing changed. */
export function diff(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  for (const k of keys) {
    const was = before?.[k] ?? null;
    const now = after[k] ?? null;
    if (JSON.stringify(was) !== JSON.stringify(now)) out[k] = { from: was, to: now };
  }
  return out;
}
