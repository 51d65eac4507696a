import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import type { Quote } from '../domain/pricing/types.ts';
import { claimIdempotency, type IdempotencyScope, requestHash, reusedKey } from './idempotency.ts';
import type { KeyedLimiter } from './keyed-limiter.ts';
import { assertDistinctSkus, type Pricing, quoteView } from './pricing.ts';
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
  /** The merchant's currency, for the quote inside a `price_changed` answer. */
  currency: string;
  /** Called after commit with the new reservation, so a job can expire it on time (best effort). */
  onHeld?: (merchantId: string, reservationId: string, expiresAt: Date) => void;
}

const MAX_PRICE_ATTEMPTS = 8;

/**
 * Holds stock for every line of a cart, and the promotion caps and customer limits its prices use, in one
 * transaction. Prices first (pure engine), then one call of the `reserve_cart` database function applies every
 * change in lock order with conditional updates (see migration 0003), so the hot rows of a flash sale stay locked
 * only for that statement and its commit. A cap that ran out in between makes it price again with fresh usage, so a
 * capped promotion never sells a unit more than its cap and the shopper gets the next best price instead. Expired
 * holds on the cart's SKUs are released in the same statement, so they never block a sale even when no job has run.
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
  const ttl = input.ttlSeconds ?? 900;
  const cart = { lines: input.lines, customerId: input.customerId ?? null };

  return deps.limiter.run(
    input.lines.map((l) => `${merchantId}/${l.sku}`),
    async () => {
      for (let attempt = 1; ; attempt++) {
        const at = Date.now();
        const { quote, products } = await deps.pricing.priceCart(deps.db, merchantId, cart, at, { fresh: attempt > 1 });
        if (input.expectedTotal !== undefined && input.expectedTotal !== quote.total) {
          // A cart that cannot be held at all is out of stock, whatever it would now cost.
          const short = input.lines.flatMap((l) => {
            const p = products.get(l.sku)!;
            const available = Math.max(0, p.on_hand - p.reserved);
            return available < l.quantity ? [{ sku: l.sku, available }] : [];
          });
          if (short.length > 0) throw insufficient(input, { detail: JSON.stringify(short) });
          throw new AppError('price_changed', `the cart now costs ${quote.total}, not ${input.expectedTotal}`, {
            quote: quoteView(quote, deps.currency),
          });
        }
        const id = newId();
        const expiresAt = new Date(at + ttl * 1000);
        const body: HeldReservation = { id, status: 'held', expiresAt: expiresAt.toISOString(), quote };
        try {
          const outcome = await retryOnConflict(() => holdCart(deps.db, merchantId, input, body, expiresAt, scope));
          if (outcome.outcome === 'key_reused') throw reusedKey(scope);
          if (outcome.outcome === 'replay') return { status: outcome.status, body: outcome.response };
          deps.onHeld?.(merchantId, id, expiresAt);
          return { status: 201, body };
        } catch (err) {
          const code = (err as { code?: string }).code;
          if (code === 'CP001') throw insufficient(input, err as { detail?: string });
          if (code !== 'CP002') throw err;
          if (attempt >= MAX_PRICE_ATTEMPTS)
            throw new AppError('conflict', 'promotion limits changed repeatedly; retry');
        }
      }
    },
  );
}

type HoldOutcome =
  | { outcome: 'held' }
  | { outcome: 'key_reused' }
  | { outcome: 'replay'; status: number; response: unknown };

async function holdCart(
  db: Db,
  merchantId: string,
  input: ReserveInput,
  body: HeldReservation,
  expiresAt: Date,
  scope: IdempotencyScope,
): Promise<HoldOutcome> {
  const { quote } = body;
  const promos = quote.applied.filter((a) => a.units > 0).map((a) => ({ promotionId: a.promotionId, units: a.units }));
  const lines = input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
  const res = await sql<{ r: HoldOutcome }>`
    select reserve_cart(${merchantId}, ${body.id}, ${input.customerId ?? null}, ${expiresAt.toISOString()}::timestamptz,
      ${JSON.stringify(quote)}::jsonb, ${quote.total}, ${JSON.stringify(lines)}::jsonb, ${JSON.stringify(promos)}::jsonb,
      ${scope.scope}, ${scope.key ?? null}, ${scope.key ? requestHash(scope.body) : null}, ${JSON.stringify(body)}::jsonb) as r`.execute(
    db,
  );
  return res.rows[0]!.r;
}

function insufficient(input: ReserveInput, err: { detail?: string }): AppError {
  const short = JSON.parse(err.detail ?? '[]') as { sku: string; available: number }[];
  const available = new Map(short.map((s) => [s.sku, s.available]));
  const details = input.lines
    .filter((l) => available.has(l.sku))
    .map((l) => ({ sku: l.sku, requested: l.quantity, available: available.get(l.sku)! }));
  return new AppError('insufficient_stock', `not enough stock for ${details.map((d) => d.sku).join(', ')}`, details);
}
