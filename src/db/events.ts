import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { EventType } from './event-types.ts';
import { newId } from './ids.ts';

/**
 * The one home of event writing. The rule, for every event the service announces:
 *
 * - **Who writes.** Only this module's `emitEvent` and the SQL function `emit_event` it owns (migration 0005) insert
 *   into `outbox`; `emitEvent` is that function called from TypeScript. Code that needs a statement to stay in SQL
 *   (`reserve_cart` expiring lapsed holds) calls `emit_event` directly, by the same rule. Nothing else touches the
 *   outbox but the relay and the fan-out (jobs/), which only mark rows as moved.
 * - **In whose transaction.** Always the caller's, the one that makes the change the event reports: the event exists
 *   exactly when that change committed. `pg_notify('outbox')` in the same transaction wakes the relay after commit.
 * - **Which id.** Receivers deduplicate by the event id, so it never changes once chosen:
 *   a random UUID for a fact only one transaction can cause (`order.confirmed`, `stock.low`); a deterministic id
 *   (`eventIds` below, and `reservation.expired:<reservationId>` in SQL) for a fact several processes may announce —
 *   the first write counts, later ones are no-ops, so two workers announce once.
 *
 * How events leave the outbox: docs/architecture.md, "Events".
 */

/** Channel the relay listens on, so an event leaves the outbox right after its transaction commits. */
export const OUTBOX_CHANNEL = 'outbox';

/** Deterministic event ids: one fact, one id, whoever announces it. */
export const eventIds = {
  /** `promotion.started`, `promotion.ended` or `price.changed` at a boundary instant of the promotion's schedule. */
  boundary: (type: EventType, promotionId: string, at: number) => `${type}:${promotionId}:${at}`,
  /** A merchant's pause, resume or end: the row version after it. */
  transition: (type: EventType, promotionId: string, version: number) => `${type}:${promotionId}:v${version}`,
  /** A cap reached by confirmed sales (a cap can only be reached once). */
  capSoldOut: (promotionId: string) => `promotion.sold_out:${promotionId}:cap`,
  /** A promoted SKU out of stock; the SKU's last ledger entry tells one stock-out from the next. */
  stockSoldOut: (promotionId: string, sku: string, lastMovement: number) =>
    `promotion.sold_out:${promotionId}:stock:${sku}:${lastMovement}`,
  importCompleted: (importId: string) => `import.completed:${importId}`,
};

/**
 * Writes an event inside the caller's transaction (see the rule above). `eventId` defaults to a random id; pass one of
 * `eventIds` when several processes may announce the same fact. Returns false when that id was already written.
 */
export async function emitEvent(
  trx: Db,
  merchantId: string,
  type: EventType,
  data: Record<string, unknown>,
  eventId: string = newId(),
): Promise<boolean> {
  const res = await sql<{ inserted: boolean }>`
    select emit_event(${merchantId}, ${type}, ${JSON.stringify(data)}::jsonb, ${eventId}) as inserted`.execute(trx);
  return res.rows[0]?.inserted === true;
}
