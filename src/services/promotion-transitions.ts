import { recordAudit } from '../db/audit.ts';
import type { Db } from '../db/database.ts';
import type { EventType } from '../db/event-types.ts';
import { emitEvent, eventIds } from '../db/events.ts';
import { updatePromotionRow } from '../db/promotion-writes.ts';
import { notifyPromotionsChanged, rowToPromotion } from '../db/promotions.ts';
import type { PromotionRow } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import { isActiveAt, stateAt } from '../domain/pricing/index.ts';
import type { ServiceContext } from './context.ts';
import { affectedSkus } from './lifecycle.ts';
import { afterCommit, existingPromotion, promotionView } from './promotions.ts';
import { retryOnConflict } from './retry.ts';

/** A merchant's pause, resume and end of a promotion (`POST /v1/promotions/{id}/pause|resume|end`). */

/**
 * A merchant's pause, resume or end changes prices at once: announce `price.changed` for the SKUs it reaches when
 * its prices were (or become) live, and `promotion.ended` on end. Event ids carry the row version, so each action is
 * announced once.
 */
async function announceTransition(
  trx: Db,
  merchantId: string,
  before: PromotionRow,
  after: PromotionRow,
  action: string,
) {
  const now = Date.now();
  const was = isActiveAt(rowToPromotion(before), now);
  const is = isActiveAt(rowToPromotion(after), now);
  const base = { promotionId: after.id, name: after.name, kind: after.kind, at: new Date(now).toISOString() };
  const events: [EventType, Record<string, unknown>][] = [];
  if (action === 'end') events.push(['promotion.ended', { ...base, reason: 'ended_by_merchant' }]);
  if (was !== is) {
    const skus = await affectedSkus(trx, merchantId, rowToPromotion(after));
    events.push(['price.changed', { ...base, active: is, reason: action, skus }]);
  }
  for (const [type, data] of events) {
    await emitEvent(trx, merchantId, type, data, eventIds.transition(type, after.id, after.version));
  }
}

const TRANSITIONS = {
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  end: { from: ['active', 'paused'], to: 'ended' },
} as const;

/** pause / resume / end. Ending is final; pausing an ended promotion is a 409 `invalid_state`. */
export async function transition(
  ctx: ServiceContext,
  merchantId: string,
  { keyId, id, action }: { keyId: string | null; id: string; action: keyof typeof TRANSITIONS },
) {
  const t = TRANSITIONS[action];
  const row = await retryOnConflict(() =>
    ctx.db.transaction().execute(async (trx) => {
      const current = await existingPromotion(trx, merchantId, id, { lock: true });
      const status = stateAt(rowToPromotion(current), Date.now());
      if (status === 'ended' || !(t.from as readonly string[]).includes(current.state)) {
        throw new AppError('invalid_state', `cannot ${action} a promotion that is ${status}`);
      }
      const updated = await updatePromotionRow(trx, merchantId, id, { state: t.to });
      await recordAudit(trx, merchantId, 'promotion', id, keyId, { action });
      await notifyPromotionsChanged(trx, merchantId);
      await announceTransition(trx, merchantId, current, updated, action);
      return updated;
    }),
  );
  afterCommit(ctx, merchantId, id);
  return promotionView(row);
}
