import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { emitEvent, eventIds } from '../db/events.ts';
import { rowToPromotion } from '../db/promotions.ts';
import { matches, targetKeys } from '../domain/pricing/target.ts';
import { currentPercentBps, isActiveAt, nextBoundary, stateAt } from '../domain/pricing/time.ts';
import type { Instant, Promotion } from '../domain/pricing/types.ts';
import type { DbContext } from './context.ts';

/** What the price of a promotion is at `t`: −1 when it prices nothing, else its percentage (0 for other kinds). */
function priceKey(p: Promotion, t: Instant): number {
  if (!isActiveAt(p, t)) return -1;
  return p.kind === 'percent_off' ? currentPercentBps(p, t) : 0;
}

/** True when the promotion can price `item` (its target, bundle items, or either side of a bxgy). */
export function reaches(p: Promotion, item: { sku: string; tags: readonly string[] }): boolean {
  return (
    matches(p.target, item) ||
    (p.items ?? []).some((i) => i.sku === item.sku) ||
    matches(p.buy?.target, item) ||
    matches(p.get?.target, item)
  );
}

/** SKUs whose price the promotion can touch (capped: an event names at most `limit` SKUs). */
export async function affectedSkus(db: Db, merchantId: string, p: Promotion, limit = 10_000): Promise<string[]> {
  const keys = targetKeys(p.target, p.buy?.target, p.get?.target);
  const skus = [...keys.skus, ...(p.items ?? []).map((i) => i.sku)];
  if (skus.length === 0 && keys.tags.length === 0) return [];
  const rows = await db
    .selectFrom('products')
    .select('sku')
    .where('merchant_id', '=', merchantId)
    .where((eb) =>
      eb.or([
        eb('sku', '=', sql<string>`any(${sql.val(skus)}::text[])`),
        eb(sql<boolean>`tags && ${sql.val(keys.tags)}::text[]`, '=', true),
      ]),
    )
    .orderBy('sku')
    .limit(limit)
    .execute();
  return rows.map((r) => r.sku);
}

export interface BoundaryOutcome {
  promotion: Promotion;
  announced: string[];
}

/**
 * Announces what changes at the boundary instant `at` of a promotion, from the database's current definition (a
 * stale job for a moved boundary announces nothing): `promotion.started` at `startsAt`, `promotion.ended` at `endsAt`,
 * `price.changed` where the price flips (start, end, window edges, steps). Event ids are deterministic, so two workers
 * (or a job run twice) announce once.
 */
export async function announceBoundary(
  ctx: DbContext,
  { promotionId, at }: { promotionId: string; at: Instant },
): Promise<BoundaryOutcome | null> {
  const { db } = ctx;
  const row = await db.selectFrom('promotions').selectAll().where('id', '=', promotionId).executeTakeFirst();
  if (!row) return null;
  const p = rowToPromotion(row);
  const merchantId = row.merchant_id;
  const iso = new Date(at).toISOString();
  const events: [type: 'promotion.started' | 'promotion.ended' | 'price.changed', data: Record<string, unknown>][] = [];
  const base = { promotionId, name: p.name, kind: p.kind, at: iso };
  if (at === p.startsAt && stateAt(p, at) === 'active') {
    events.push([
      'promotion.started',
      { ...base, endsAt: p.endsAt === null ? null : new Date(p.endsAt).toISOString() },
    ]);
  }
  if (at === p.endsAt && p.state !== 'ended') events.push(['promotion.ended', { ...base, reason: 'ends_at' }]);
  const before = priceKey(p, at - 1);
  const after = priceKey(p, at);
  if (before !== after) {
    const skus = await affectedSkus(db, merchantId, p);
    const change = {
      ...base,
      active: after >= 0,
      ...(p.kind === 'percent_off' && after >= 0 && { percentBps: after }),
    };
    events.push(['price.changed', { ...change, skus }]);
  }
  const announced: string[] = [];
  if (events.length > 0) {
    await db.transaction().execute(async (trx) => {
      for (const [type, data] of events) {
        if (await emitEvent(trx, merchantId, type, data, eventIds.boundary(type, promotionId, at)))
          announced.push(type);
      }
    });
  }
  return { promotion: p, announced };
}

/**
 * Boundaries to schedule: those in `(now − lookbackMs, now]` (so a worker that was down, or a Redis that was flushed,
 * still announces what it missed; ids dedupe) and the first one after `now`.
 */
export function boundariesToSchedule(p: Promotion, now: Instant, lookbackMs: number, max = 32): Instant[] {
  const out: Instant[] = [];
  let after = now - lookbackMs;
  for (let i = 0; i < max; i++) {
    const b = nextBoundary(p, after);
    if (!b) break;
    out.push(b.at);
    if (b.at > now) break;
    after = b.at;
  }
  return out;
}
