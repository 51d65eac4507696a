import { diff, listAudit, recordAudit } from '../db/audit.ts';
import type { Db } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import { floorOfRow } from '../db/products.ts';
import { insertPromotion, updatePromotionRow } from '../db/promotion-writes.ts';
import {
  findPromotionRow,
  findTargetProducts,
  listPromotionRows,
  notifyPromotionsChanged,
  rowToPromotion,
  type StatusFilter,
} from '../db/promotions.ts';
import type { PromotionRow } from '../db/schema.ts';
import { AppError, badRequest } from '../domain/errors.ts';
import {
  type FloorBreach,
  type GuardItem,
  type Promotion,
  type PromotionInput,
  previewPromotion,
  ruleOf,
  stateAt,
  toPromotion,
  validatePromotion,
} from '../domain/pricing/index.ts';
import type { ServiceContext } from './context.ts';
import { retryOnConflict } from './retry.ts';

/** The body a merchant would send to recreate this promotion (the request's field names, ISO instants). */
export function rowToInput(row: PromotionRow): PromotionInput {
  return {
    ...(row.definition as Partial<PromotionInput>),
    name: row.name,
    kind: row.kind as PromotionInput['kind'],
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at ? row.ends_at.toISOString() : null,
    priority: row.priority,
    stockCap: row.stock_cap,
    perCustomerLimit: row.per_customer_limit,
  };
}

export function promotionView(row: PromotionRow, at: number = Date.now()) {
  const p = rowToPromotion(row);
  return {
    id: row.id,
    ...rowToInput(row),
    status: stateAt(p, at),
    counters: {
      unitsSold: row.units_sold,
      unitsReserved: row.units_reserved,
      revenue: row.revenue,
      discountGiven: row.discount_given,
      remainingCap: row.stock_cap === null ? null : row.stock_cap - row.units_sold - row.units_reserved,
    },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function checked(
  input: PromotionInput,
  meta: { id: string; createdAt: number; state?: Promotion['state'] },
): Promotion {
  const issues = validatePromotion(input);
  if (issues.length > 0) throw badRequest(`body${issues[0]!.field}`, issues[0]!.message);
  return toPromotion(input, meta);
}

/** Targeted products with cost and floor, for the margin guard and the preview. */
async function guardItems(db: Db, merchantId: string, p: Promotion): Promise<GuardItem[]> {
  const { skus, tags } = ruleOf(p.kind).keys(p);
  const rows = await findTargetProducts(db, merchantId, skus, tags);
  return rows.map((r) => ({
    sku: r.sku,
    listPrice: r.list_price,
    floor: floorOfRow(r),
    tags: r.tags,
    unitCost: r.unit_cost,
  }));
}

function assertWithinFloors(p: Promotion, breaches: FloorBreach[]): void {
  if (breaches.length > 0 && p.onFloorBreach !== 'clamp') {
    const list = breaches.map((b) => `${b.sku} (floor ${b.floor}, price ${b.price})`).join(', ');
    throw new AppError('margin_floor_breach', `the promotion would sell below the margin floor: ${list}`, { breaches });
  }
}

/** `POST /v1/promotions/preview`: the margin guard's verdict and per-SKU margins; nothing is stored. */
export async function previewNew(ctx: ServiceContext, merchantId: string, input: PromotionInput) {
  const p = checked(input, { id: 'preview', createdAt: Date.now() });
  return previewPromotion(p, await guardItems(ctx.db, merchantId, p));
}

/** After a promotion write commits: this process's index goes at once (others on NOTIFY), boundaries are rescheduled. */
export function afterCommit(ctx: ServiceContext, merchantId: string, id: string): void {
  ctx.promotions.invalidate(merchantId);
  ctx.scheduler.promotionChanged(merchantId, id);
}

/** `POST /v1/promotions`: validated, margin-guarded against the targeted products, stored with its audit entry. */
export async function createPromotion(
  ctx: ServiceContext,
  merchantId: string,
  { keyId, promotion: input }: { keyId: string | null; promotion: PromotionInput },
) {
  const id = newId();
  const p = checked(input, { id, createdAt: Date.now() });
  assertWithinFloors(p, previewPromotion(p, await guardItems(ctx.db, merchantId, p)).breaches);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await insertPromotion(trx, merchantId, id, input);
    await recordAudit(trx, merchantId, 'promotion', id, keyId, { action: 'create', promotion: input });
    await notifyPromotionsChanged(trx, merchantId);
    return inserted;
  });
  afterCommit(ctx, merchantId, id);
  return promotionView(row);
}

/**
 * The merchant's promotion, or 404. With `lock`, its row stays locked for the rest of the transaction
 * (db/promotions.ts says how).
 */
export async function existingPromotion(
  db: Db,
  merchantId: string,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<PromotionRow> {
  const row = await findPromotionRow(db, merchantId, id, opts);
  if (!row) throw new AppError('not_found', `no promotion ${id}`);
  return row;
}

export async function getPromotion(ctx: ServiceContext, merchantId: string, id: string) {
  return promotionView(await existingPromotion(ctx.db, merchantId, id));
}

/** `PATCH`: merges the given fields (`null` clears `endsAt`, `stockCap`, `perCustomerLimit`) and re-checks floors. */
export async function patchPromotion(
  ctx: ServiceContext,
  merchantId: string,
  { keyId, id, patch }: { keyId: string | null; id: string; patch: Partial<PromotionInput> },
) {
  if ('kind' in patch && patch.kind !== undefined)
    throw badRequest('body/kind', 'cannot change; create a new promotion');
  const row = await retryOnConflict(() =>
    ctx.db.transaction().execute(async (trx) => {
      const current = await existingPromotion(trx, merchantId, id, { lock: true });
      if (stateAt(rowToPromotion(current), Date.now()) === 'ended')
        throw new AppError('invalid_state', `promotion ${id} has ended`);
      const before = rowToInput(current);
      // `null` clears an optional field (an end, a cap, daily windows, steps); absent leaves it as it was.
      const merged = Object.fromEntries(
        Object.entries({ ...before, ...patch }).filter(([, v]) => v !== null && v !== undefined),
      ) as unknown as PromotionInput;
      const p = checked(merged, { id, createdAt: current.created_at.getTime(), state: current.state });
      if (p.stockCap != null && p.stockCap < current.units_sold + current.units_reserved) {
        throw new AppError(
          'conflict',
          `stockCap ${p.stockCap} is below the ${current.units_sold + current.units_reserved} units already sold or held`,
        );
      }
      assertWithinFloors(p, previewPromotion(p, await guardItems(trx, merchantId, p)).breaches);
      const updated = await updatePromotionRow(trx, merchantId, id, { definition: merged });
      const changes = diff(before as unknown as Record<string, unknown>, merged as unknown as Record<string, unknown>);
      await recordAudit(trx, merchantId, 'promotion', id, keyId, { action: 'update', changes });
      await notifyPromotionsChanged(trx, merchantId);
      return updated;
    }),
  );
  afterCommit(ctx, merchantId, id);
  return promotionView(row);
}

export async function listPromotions(
  ctx: ServiceContext,
  merchantId: string,
  opts: { status?: StatusFilter; after: [string, string] | null; limit: number },
) {
  const now = Date.now();
  return (await listPromotionRows(ctx.db, merchantId, opts)).map((r) => ({ row: r, view: promotionView(r, now) }));
}

export async function promotionHistory(
  ctx: ServiceContext,
  merchantId: string,
  { id, ...page }: { id: string; after: number | null; limit: number },
) {
  await existingPromotion(ctx.db, merchantId, id);
  return listAudit(ctx.db, merchantId, 'promotion', id, page);
}
