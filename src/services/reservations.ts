import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import {
  addCustomer,
  addTo,
  applyHoldDelta,
  closeReservations,
  emptyDelta,
  expiredOnSkus,
  type HoldDelta,
} from '../db/holds.ts';
import { newId } from '../db/ids.ts';
import { emitEvent } from '../db/outbox.ts';
import { AppError } from '../domain/errors.ts';
import type { Quote } from '../domain/pricing/types.ts';
import { claimIdempotency, type IdempotencyScope, saveIdempotency } from './idempotency.ts';
import type { KeyedLimiter } from './keyed-limiter.ts';
import { assertDistinctSkus, type Pricing } from './pricing.ts';
import { retryOnConflict } from './retry.ts';

export interface ReserveInput {
  lines: { sku: string; quantity: number }[];
  customerId?: string;
  expectedTotal?: number;
  ttlSeconds?: number;
}

export interface HeldReservation {
  id: string;
  status: 'held';
  expiresAt: string;
  quote: Quote;
}

export interface ReservationDeps {
  db: Db;
  pricing: Pricing;
  limiter: KeyedLimiter;
  /** Called after commit with the new reservation, so a job can expire it on time (best effort). */
  onHeld?: (merchantId: string, reservationId: string, expiresAt: Date) => void;
}

/** A cap or customer limit ran out between pricing and holding: price again with fresh usage. */
class UsageRace extends Error {}

const MAX_PRICE_ATTEMPTS = 8;

/**
 * Holds stock for every line of a cart, and the promotion caps and customer limits its prices use, in one
 * transaction. Prices first (pure engine), then applies conditional updates in lock order; a cap that ran out in
 * between makes it price again with fresh usage, so a capped promotion never sells a unit more than its cap and the
 * shopper gets the next best price instead. Expired holds on the cart's SKUs are released in the same transaction,
 * so they never block a sale even when no job has run.
 */
export async function reserve(
  deps: ReservationDeps,
  merchantId: string,
  input: ReserveInput,
  idempotencyKey?: string,
): Promise<{ status: number; body: unknown }> {
  assertDistinctSkus(input.lines);
  const scope: IdempotencyScope = { merchantId, scope: 'reserve', key: idempotencyKey, body: input };
  const replay = await claimIdempotency(deps.db, scope);
  if (replay) return replay;
  const skus = input.lines.map((l) => l.sku);
  const ttl = input.ttlSeconds ?? 900;
  const cart = { lines: input.lines, customerId: input.customerId ?? null };

  return deps.limiter.run(
    skus.map((s) => `${merchantId}/${s}`),
    async () => {
      for (let attempt = 1; ; attempt++) {
        const at = Date.now();
        const { quote } = await deps.pricing.priceCart(deps.db, merchantId, cart, at, { fresh: attempt > 1 });
        if (input.expectedTotal !== undefined && input.expectedTotal !== quote.total) {
          throw new AppError('price_changed', `the cart now costs ${quote.total}, not ${input.expectedTotal}`, {
            quote,
          });
        }
        try {
          const result = await retryOnConflict(() =>
            deps.db.transaction().execute(async (trx) => {
              const replayed = await claimIdempotency(trx, scope, true);
              if (replayed) return replayed;
              const id = newId();
              const expiresAt = new Date(at + ttl * 1000);
              const delta = emptyDelta();
              await releaseExpired(trx, merchantId, skus, delta);
              await insertReservation(trx, merchantId, id, input, quote, expiresAt, delta);
              const { shortSkus, shortPromotions } = await applyHoldDelta(trx, merchantId, delta);
              if (shortSkus.length > 0) throw await insufficient(trx, merchantId, input, shortSkus);
              if (shortPromotions.length > 0) throw new UsageRace();
              const body: HeldReservation = { id, status: 'held', expiresAt: expiresAt.toISOString(), quote };
              await saveIdempotency(trx, scope, 201, body);
              return { status: 201, body, expiresAt };
            }),
          );
          if ('expiresAt' in result) deps.onHeld?.(merchantId, (result.body as HeldReservation).id, result.expiresAt);
          return { status: result.status, body: result.body };
        } catch (err) {
          if (err instanceof UsageRace && attempt < MAX_PRICE_ATTEMPTS) continue;
          if (err instanceof UsageRace) throw new AppError('conflict', 'promotion limits changed repeatedly; retry');
          throw err;
        }
      }
    },
  );
}

/** Expires the cart SKUs' lapsed holds in this transaction and adds what they held (negatively) to `delta`. */
async function releaseExpired(trx: Db, merchantId: string, skus: string[], delta: HoldDelta): Promise<void> {
  const lapsed = await expiredOnSkus(trx, merchantId, skus);
  if (lapsed.length === 0) return;
  const closed = await closeReservations(trx, merchantId, lapsed, 'expired', delta);
  for (const r of closed)
    await emitEvent(trx, merchantId, 'reservation.expired', { reservationId: r.id }, `reservation.expired:${r.id}`);
}

async function insertReservation(
  trx: Db,
  merchantId: string,
  id: string,
  input: ReserveInput,
  quote: Quote,
  expiresAt: Date,
  delta: HoldDelta,
): Promise<void> {
  await trx
    .insertInto('reservations')
    .values({
      id,
      merchant_id: merchantId,
      customer_id: input.customerId ?? null,
      status: 'held',
      expires_at: expiresAt,
      quote: JSON.stringify(quote),
      total: quote.total,
    })
    .execute();
  const lines = input.lines.map((l) => ({
    reservation_id: id,
    merchant_id: merchantId,
    sku: l.sku,
    quantity: l.quantity,
  }));
  await trx.insertInto('reservation_lines').values(lines).execute();
  await trx
    .insertInto('holds')
    .values(lines.map((l) => ({ ...l, expires_at: expiresAt })))
    .execute();
  for (const l of input.lines) addTo(delta.skus, l.sku, l.quantity);
  const used = quote.applied.filter((a) => a.units > 0);
  if (used.length > 0) {
    await trx
      .insertInto('reservation_promotions')
      .values(used.map((a) => ({ reservation_id: id, promotion_id: a.promotionId, units: a.units })))
      .execute();
  }
  for (const a of used) {
    addTo(delta.promotions, a.promotionId, a.units);
    if (input.customerId) addCustomer(delta, a.promotionId, input.customerId, a.units);
  }
}

async function insufficient(trx: Db, merchantId: string, input: ReserveInput, shortSkus: string[]): Promise<AppError> {
  const rows = await trx
    .selectFrom('products')
    .select(['sku', sql<number>`on_hand - reserved`.as('available')])
    .where('merchant_id', '=', merchantId)
    .where('sku', '=', sql<string>`any(${sql.val(shortSkus)}::text[])`)
    .execute();
  const available = new Map(rows.map((r) => [r.sku, Number(r.available)]));
  const details = input.lines
    .filter((l) => shortSkus.includes(l.sku))
    .map((l) => ({ sku: l.sku, requested: l.quantity, available: Math.max(0, available.get(l.sku) ?? 0) }));
  return new AppError('insufficient_stock', `not enough stock for ${shortSkus.join(', ')}`, details);
}
