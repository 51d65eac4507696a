import type { Db } from '../db/database.ts';
import { cancelHeld, expireLapsed, holdCart } from '../db/holds.ts';
import { newId } from '../db/ids.ts';
import { type Confirmed, placeOrder } from '../db/orders.ts';
import { findReservation } from '../db/reservations.ts';
import type { ReservationRow } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import type { Quote } from '../domain/pricing/types.ts';
import type { DbContext, ServiceContext } from './context.ts';
import { claimIdempotency, type IdempotencyScope, requestHash, reusedKey, saveIdempotency } from './idempotency.ts';
import { assertDistinctSkus, priceCart, quoteView } from './pricing.ts';
import { retryOnConflict } from './retry.ts';

/**
 * Reservations, from hold to order: `reserve` holds a priced cart, `getReservation` reads it, `confirmReservation`
 * turns it into an order, `cancelReservation` gives it back, `expireReservation` releases it when its time is up.
 * The SQL behind holds and orders is in db/holds.ts and db/orders.ts; docs/architecture.md follows a reservation
 * through them.
 */

export interface ReserveInput {
  lines: { sku: string; quantity: number }[];
  customerId?: string;
  expectedTotal?: number;
  ttlSeconds?: number;
  idempotencyKey?: string;
}

/** What is stored for an Idempotency-Key replay: the quote as the engine made it (the currency is added on reply). */
interface HeldReservation {
  id: string;
  status: 'held';
  expiresAt: string;
  quote: Quote;
}

const MAX_PRICE_ATTEMPTS = 8;

async function withCurrency<T extends { quote: Quote }>(ctx: ServiceContext, merchantId: string, r: T) {
  return { ...r, quote: quoteView(r.quote, await ctx.currencyOf(merchantId)) };
}

function reservationView(r: ReservationRow) {
  return {
    id: r.id,
    status: r.status,
    expiresAt: r.expires_at.toISOString(),
    customerId: r.customer_id,
    orderId: r.order_id,
    quote: r.quote as Quote,
  };
}

/**
 * `POST /v1/reservations`: holds stock for every line of a cart, and the promotion caps and customer limits its prices
 * use, in one transaction. Prices first (pure engine), then one call of the `reserve_cart` database function applies
 * every change in lock order with conditional updates, so the hot rows of a flash sale stay locked only for that
 * statement and its commit. A cap that ran out in between makes it price again with fresh usage, so a capped
 * promotion never sells a unit more than its cap and the shopper gets the next best price instead. Expired holds on
 * the cart's SKUs are released in the same statement, so they never block a sale even when no job has run.
 */
export async function reserve(ctx: ServiceContext, merchantId: string, input: ReserveInput) {
  const { idempotencyKey, ...body } = input;
  assertDistinctSkus(body.lines);
  const scope: IdempotencyScope = { merchantId, scope: 'reserve', key: idempotencyKey, body };
  const replay = await claimIdempotency(ctx.db, scope);
  if (replay)
    return { status: replay.status, body: await withCurrency(ctx, merchantId, replay.body as HeldReservation) };
  const ttl = body.ttlSeconds ?? 900;
  const cart = { lines: body.lines, customerId: body.customerId ?? null };

  const { status, held } = await ctx.limiter.run(
    body.lines.map((l) => `${merchantId}/${l.sku}`),
    async () => {
      for (let attempt = 1; ; attempt++) {
        const at = Date.now();
        const { quote, products } = await priceCart(ctx, merchantId, { cart, at, fresh: attempt > 1 });
        if (body.expectedTotal !== undefined && body.expectedTotal !== quote.total) {
          // A cart that cannot be held at all is out of stock, whatever it would now cost.
          const short = body.lines.flatMap((l) => {
            const p = products.get(l.sku)!;
            const available = Math.max(0, p.on_hand - p.reserved);
            return available < l.quantity ? [{ sku: l.sku, available }] : [];
          });
          if (short.length > 0) throw insufficient(body, { detail: JSON.stringify(short) });
          throw new AppError('price_changed', `the cart now costs ${quote.total}, not ${body.expectedTotal}`, {
            quote: quoteView(quote, await ctx.currencyOf(merchantId)),
          });
        }
        const id = newId();
        const expiresAt = new Date(at + ttl * 1000);
        const held: HeldReservation = { id, status: 'held', expiresAt: expiresAt.toISOString(), quote };
        try {
          const outcome = await retryOnConflict(() =>
            holdCart(ctx.db, {
              merchantId,
              reservationId: id,
              customerId: body.customerId ?? null,
              expiresAt,
              quote,
              total: quote.total,
              lines: body.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
              promotions: quote.applied
                .filter((a) => a.units > 0)
                .map((a) => ({ promotionId: a.promotionId, units: a.units })),
              idempotency: {
                scope: scope.scope,
                key: scope.key ?? null,
                hash: scope.key ? requestHash(scope.body) : null,
                response: held,
              },
            }),
          );
          if (outcome.outcome === 'key_reused') throw reusedKey(scope);
          if (outcome.outcome === 'replay')
            return { status: outcome.status, held: outcome.response as HeldReservation };
          ctx.scheduler.reservationHeld(merchantId, id, expiresAt);
          return { status: 201, held };
        } catch (err) {
          const code = (err as { code?: string }).code;
          if (code === 'CP001') throw insufficient(body, err as { detail?: string });
          if (code !== 'CP002') throw err;
          if (attempt >= MAX_PRICE_ATTEMPTS)
            throw new AppError('conflict', 'promotion limits changed repeatedly; retry');
        }
      }
    },
  );
  return { status, body: await withCurrency(ctx, merchantId, held) };
}

function insufficient(input: { lines: ReserveInput['lines'] }, err: { detail?: string }): AppError {
  const short = JSON.parse(err.detail ?? '[]') as { sku: string; available: number }[];
  const available = new Map(short.map((s) => [s.sku, s.available]));
  const details = input.lines
    .filter((l) => available.has(l.sku))
    .map((l) => ({ sku: l.sku, requested: l.quantity, available: available.get(l.sku)! }));
  return new AppError('insufficient_stock', `not enough stock for ${details.map((d) => d.sku).join(', ')}`, details);
}

export async function getReservation(ctx: ServiceContext, merchantId: string, id: string) {
  const r = await findReservation(ctx.db, merchantId, id);
  if (!r) throw new AppError('not_found', `no reservation ${id}`);
  // A lapsed hold reads as expired even before anything released it.
  const view = reservationView(
    r.status === 'held' && r.expires_at.getTime() <= Date.now() ? { ...r, status: 'expired' } : r,
  );
  return withCurrency(ctx, merchantId, view);
}

async function locked(trx: Db, merchantId: string, id: string): Promise<ReservationRow> {
  const r = await findReservation(trx, merchantId, id, { lock: true });
  if (!r) throw new AppError('not_found', `no reservation ${id}`);
  return r;
}

const lapsed = (r: ReservationRow) => r.status === 'expired' || r.expires_at.getTime() <= Date.now();

/**
 * `POST /v1/reservations/{id}/confirm`: the hold becomes an order (db/orders.ts). Confirming a confirmed reservation
 * answers the same again; a lapsed one is expired on the way and refused.
 */
export async function confirmReservation(
  ctx: ServiceContext,
  merchantId: string,
  input: { id: string; idempotencyKey?: string },
): Promise<Confirmed> {
  const { id } = input;
  const currency = await ctx.currencyOf(merchantId);
  const scope: IdempotencyScope = { merchantId, scope: `confirm:${id}`, key: input.idempotencyKey, body: { id } };
  const replay = await claimIdempotency(ctx.db, scope);
  if (replay) return replay.body as Confirmed;
  const outcome = await retryOnConflict(() =>
    ctx.db.transaction().execute(async (trx) => {
      const replayed = await claimIdempotency(trx, scope, true);
      if (replayed) return replayed.body as Confirmed;
      const r = await locked(trx, merchantId, id);
      if (r.status === 'confirmed')
        return { id, status: 'confirmed', orderId: r.order_id!, total: r.total } as Confirmed;
      if (r.status === 'cancelled') return 'cancelled' as const;
      if (lapsed(r)) {
        await expireLapsed(trx, merchantId, [id]);
        return 'expired' as const;
      }
      const body = await placeOrder(trx, merchantId, currency, r);
      await saveIdempotency(trx, scope, 200, body);
      return body;
    }),
  );
  if (outcome === 'expired') throw new AppError('reservation_expired', `reservation ${id} expired; reserve again`);
  if (outcome === 'cancelled') throw new AppError('reservation_not_held', `reservation ${id} was cancelled`);
  return outcome;
}

/** `POST /v1/reservations/{id}/cancel`: gives back what the hold kept; cancelling twice answers the same. */
export async function cancelReservation(ctx: DbContext, merchantId: string, id: string) {
  const outcome = await retryOnConflict(() =>
    ctx.db.transaction().execute(async (trx) => {
      const r = await locked(trx, merchantId, id);
      if (r.status === 'cancelled') return 'cancelled' as const;
      if (r.status === 'confirmed') return 'confirmed' as const;
      if (lapsed(r)) {
        await expireLapsed(trx, merchantId, [id]);
        return 'expired' as const;
      }
      await cancelHeld(trx, merchantId, id);
      return 'cancelled' as const;
    }),
  );
  if (outcome === 'confirmed') throw new AppError('reservation_not_held', `reservation ${id} is already confirmed`);
  if (outcome === 'expired')
    throw new AppError('reservation_expired', `reservation ${id} expired before it was cancelled`);
  return { id, status: 'cancelled' as const };
}

/**
 * Releases one lapsed hold: stock, caps and customer limits go back, `reservation.expired` is announced. A no-op when
 * the reservation is no longer held or not yet due (the job and the lazy release may both try).
 */
export async function expireReservation(ctx: DbContext, merchantId: string, id: string): Promise<boolean> {
  return retryOnConflict(() =>
    ctx.db.transaction().execute(async (trx) => (await expireLapsed(trx, merchantId, [id])).length > 0),
  );
}
