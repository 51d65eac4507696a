import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireReservation } from '../../src/services/reservations.ts';
import { violations } from '../reliability/lib/invariants.ts';
import { client, createTestMerchant, startTestApp, type TestApp } from '../support/app.ts';
import { databaseKinds } from '../support/db.ts';

/**
 * Lapsed-hold expiry has one implementation (`close_reservations`, migration 0005), reached from every path that can
 * find a lapsed hold. Whichever path gets there, the hold gives back its stock, its promotion-cap units and its
 * customer's units, and `reservation.expired` is announced once with the id `reservation.expired:<reservationId>`;
 * every later path finds nothing to do.
 */
describe.each(databaseKinds())('lapsed-hold expiry on %s', (kind) => {
  let t: TestApp;
  let call: ReturnType<typeof client>;
  let shop: ReturnType<typeof client>;
  let merchantId: string;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp({ kind });
    const m = await createTestMerchant(t.app, { name: 'Expiry', currency: 'EUR' });
    merchantId = m.id;
    call = client(t.app, m.console);
    shop = client(t.app, m.storefront);
  });
  afterAll(async () => t?.close());

  /** A SKU with 4 in stock under a 30 % promotion capped at 2 units, 2 per customer; customer `a` holds 2 of it. */
  async function lapsedHold() {
    const sku = `X-${++n}`;
    await call('PUT', `/v1/products/${sku}`, { name: sku, listPrice: 1000, unitCost: 100 });
    await call('POST', `/v1/products/${sku}/stock-movements`, { delta: 4, reason: 'receipt' });
    const promo = await call('POST', '/v1/promotions', {
      name: `Cap ${sku}`,
      kind: 'percent_off',
      target: { skus: [sku] },
      percentBps: 3000,
      stockCap: 2,
      perCustomerLimit: 2,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(promo.statusCode).toBe(201);
    const held = await shop('POST', '/v1/reservations', { lines: [{ sku, quantity: 2 }], customerId: 'a' });
    expect(held.statusCode).toBe(201);
    expect(held.json().quote.total).toBe(1400);
    const id: string = held.json().id;
    await sql`update reservations set expires_at = now() - interval '1 second' where id = ${id}`.execute(t.ctx.db);
    await sql`update holds set expires_at = now() - interval '1 second' where reservation_id = ${id}`.execute(t.ctx.db);
    return { sku, id, promotionId: promo.json().id as string };
  }

  async function books(sku: string, promotionId: string) {
    const product = await t.ctx.db
      .selectFrom('products')
      .select('reserved')
      .where('merchant_id', '=', merchantId)
      .where('sku', '=', sku)
      .executeTakeFirstOrThrow();
    const promo = await t.ctx.db
      .selectFrom('promotions')
      .select('units_reserved')
      .where('id', '=', promotionId)
      .executeTakeFirstOrThrow();
    const customer = await t.ctx.db
      .selectFrom('promotion_customer_usage')
      .select('units_reserved')
      .where('promotion_id', '=', promotionId)
      .where('customer_id', '=', 'a')
      .executeTakeFirst();
    return { reserved: product.reserved, capHeld: promo.units_reserved, customerHeld: customer?.units_reserved ?? 0 };
  }

  async function announced(id: string) {
    return t.ctx.db
      .selectFrom('outbox')
      .select(['type', 'data'])
      .where('merchant_id', '=', merchantId)
      .where('event_id', '=', `reservation.expired:${id}`)
      .execute();
  }

  /** Every way a lapsed hold is found; each returns what the caller saw. */
  const paths: Record<string, (h: { sku: string; id: string }) => Promise<unknown>> = {
    'the expiry job': (h) => expireReservation(t.ctx, merchantId, h.id),
    'a late confirm': async (h) => (await shop('POST', `/v1/reservations/${h.id}/confirm`)).json().error,
    'a late cancel': async (h) => (await shop('POST', `/v1/reservations/${h.id}/cancel`)).json().error,
    'a stock movement on the SKU': async (h) =>
      (await call('POST', `/v1/products/${h.sku}/stock-movements`, { delta: 1, reason: 'receipt' })).statusCode,
  };

  for (const [path, expire] of Object.entries(paths)) {
    it(`${path} gives back stock, cap and customer units and announces the expiry once`, async () => {
      const h = await lapsedHold();
      expect(await books(h.sku, h.promotionId)).toEqual({ reserved: 2, capHeld: 2, customerHeld: 2 });
      await expire(h);
      expect(await books(h.sku, h.promotionId)).toEqual({ reserved: 0, capHeld: 0, customerHeld: 0 });
      const status = await t.ctx.db.selectFrom('reservations').select('status').where('id', '=', h.id).execute();
      expect(status).toEqual([{ status: 'expired' }]);
      expect(await announced(h.id)).toEqual([{ type: 'reservation.expired', data: { reservationId: h.id } }]);
      // Every other path now finds nothing held: no second event, no second give-back.
      for (const other of Object.values(paths)) await other(h);
      expect(await expireReservation(t.ctx, merchantId, h.id)).toBe(false);
      expect(await books(h.sku, h.promotionId)).toEqual({ reserved: 0, capHeld: 0, customerHeld: 0 });
      expect(await announced(h.id)).toHaveLength(1);
      expect(await violations(t.ctx.db)).toEqual([]);
    });
  }

  it('a new hold on the SKU releases the lapsed one in the same statement and takes its stock', async () => {
    const h = await lapsedHold();
    // 4 in stock, 2 held by the lapsed hold: 3 units fit only once it is released.
    const next = await shop('POST', '/v1/reservations', { lines: [{ sku: h.sku, quantity: 3 }], customerId: 'b' });
    expect(next.statusCode).toBe(201);
    const capUnits = (next.json().quote.applied as { promotionId: string; units: number }[])
      .filter((a) => a.promotionId === h.promotionId)
      .reduce((sum, a) => sum + a.units, 0);
    expect(await books(h.sku, h.promotionId)).toEqual({ reserved: 3, capHeld: capUnits, customerHeld: 0 });
    expect(await announced(h.id)).toEqual([{ type: 'reservation.expired', data: { reservationId: h.id } }]);
    expect(await expireReservation(t.ctx, merchantId, h.id)).toBe(false);
    expect(await announced(h.id)).toHaveLength(1);
    expect(await violations(t.ctx.db)).toEqual([]);
  });
});
