import { type Kysely, sql } from 'kysely';

/** A per-product threshold: when `onHand` falls to it or below, `stock.low` is announced. Frozen in time. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE products ADD COLUMN low_stock_threshold bigint CHECK (low_stock_threshold >= 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE products DROP COLUMN low_stock_threshold`.execute(db);
}
