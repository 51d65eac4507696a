import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestMerchant, startTestApp, type TestApp } from '../support/app.ts';
import { databaseKinds } from '../support/db.ts';

describe.each(databaseKinds())('reservations on %s', (kind) => {
  let t: TestApp;
  let call: ReturnType<typeof client>;
  let shop: ReturnType<typeof client>;
  let merchantId: string;
  const stock = async (sku: string) => (await call('GET', `/v1/products/${sku}`)).json().stock;
  const product = async (sku: string, onHand: number, listPrice = 1000) => {
    await call('PUT', `/v1/products/${sku}`, { name: sku, listPrice, unitCost: 100 });
    if (onHand) await call('POST', `/v1/products/${sku}/stock-movements`, { delta: onHand, reason: 'receipt' });
  };
  /** Moves a reservation's expiry into the past, as if its TTL had run out. */
  const lapse = async (id: string) => {
    await sql`update reservations set expires_at = now() - interval '1 second' where id = ${id}`.execute(t.ctx.db);
    await sql`update holds set expires_at = now() - interval '1 second' where reservation_id = ${id}`.execute(t.ctx.db);
  };

  beforeAll(async () => {
    t = await startTestApp({ kind });
    const m = await createTestMerchant(t.app, { name: 'Shop', currency: 'EUR' });
    merchantId = m.id;
    call = client(t.app, m.console);
    shop = client(t.app, m.storefront);
  });
  afterAll(async () => t?.close());

  it('holds, confirms into an order, and takes the stock out of onHand through the ledger', async () => {
    await product('R-1', 5, 1000);
    await product('R-2', 5, 250);
    const held = await shop('POST', '/v1/reservations', {
      lines: [
        { sku: 'R-1', quantity: 2 },
        { sku: 'R-2', quantity: 1 },
      ],
      customerId: 'c1',
    });
    expect(held.statusCode).toBe(201);
    const r = held.json();
    expect(r.status).toBe('held');
    expect(r.quote).toMatchObject({ currency: 'EUR', subtotal: 2250, total: 2250, discountTotal: 0 });
    expect(Date.parse(r.expiresAt) - Date.now()).toBeGreaterThan(800_000); // default TTL 900 s
    expect(await stock('R-1')).toEqual({ onHand: 5, reserved: 2, available: 3 });

    expect((await shop('GET', `/v1/reservations/${r.id}`)).json()).toMatchObject({ id: r.id, status: 'held' });
    const confirmed = await shop('POST', `/v1/reservations/${r.id}/confirm`);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ id: r.id, status: 'confirmed', total: 2250 });
    expect(await stock('R-1')).toEqual({ onHand: 3, reserved: 0, available: 3 });
    const ledger = (await call('GET', '/v1/products/R-1/stock-movements')).json().items;
    expect(ledger.at(-1)).toMatchObject({ delta: -2, reason: 'sale', ref: confirmed.json().orderId });

    const lines = await t.ctx.db
      .selectFrom('order_lines')
      .selectAll()
      .where('order_id', '=', confirmed.json().orderId)
      .orderBy('sku')
      .execute();
    expect(lines.map((l) => [l.sku, l.quantity, l.unit_price, l.total, l.unit_cost])).toEqual([
      ['R-1', 2, 1000, 2000, 100],
      ['R-2', 1, 250, 250, 100],
    ]);
    // Confirming again answers the same, and changes nothing.
    const again = await shop('POST', `/v1/reservations/${r.id}/confirm`);
    expect(again.json()).toEqual(confirmed.json());
    expect(await stock('R-1')).toEqual({ onHand: 3, reserved: 0, available: 3 });
    const outbox = await t.ctx.db.selectFrom('outbox').selectAll().where('type', '=', 'order.confirmed').execute();
    expect(outbox.filter((e) => (e.data as { reservationId: string }).reservationId === r.id)).toHaveLength(1);
  });

  it('answers 409 insufficient_stock per SKU and holds nothing', async () => {
    await product('S-1', 3);
    await product('S-2', 1);
    const res = await shop('POST', '/v1/reservations', {
      lines: [
        { sku: 'S-1', quantity: 2 },
        { sku: 'S-2', quantity: 2 },
      ],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      error: 'insufficient_stock',
      details: [{ sku: 'S-2', requested: 2, available: 1 }],
    });
    expect(await stock('S-1')).toEqual({ onHand: 3, reserved: 0, available: 3 });
  });

  it('rejects unknown SKUs (422) and duplicate SKUs (400)', async () => {
    await product('U-1', 3);
    const unknown = await shop('POST', '/v1/reservations', { lines: [{ sku: 'NOPE', quantity: 1 }] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ error: 'unknown_sku', details: { skus: ['NOPE'] } });
    const dup = await shop('POST', '/v1/reservations', {
      lines: [
        { sku: 'U-1', quantity: 1 },
        { sku: 'U-1', quantity: 1 },
      ],
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error).toBe('duplicate_sku');
    expect(
      (await shop('POST', '/v1/reservations', { lines: [{ sku: 'U-1', quantity: 1 }], ttlSeconds: 10 })).statusCode,
    ).toBe(400);
  });

  it('cancels a hold and gives the stock back', async () => {
    await product('C-1', 2);
    const r = (await shop('POST', '/v1/reservations', { lines: [{ sku: 'C-1', quantity: 2 }] })).json();
    expect((await stock('C-1')).available).toBe(0);
    const res = await shop('POST', `/v1/reservations/${r.id}/cancel`);
    expect(res.json()).toEqual({ id: r.id, status: 'cancelled' });
    expect((await stock('C-1')).available).toBe(2);
    expect((await shop('POST', `/v1/reservations/${r.id}/confirm`)).statusCode).toBe(409);
  });

  it('frees a lapsed hold for the next buyer with no worker running', async () => {
    await product('E-1', 1);
    const first = (
      await shop('POST', '/v1/reservations', { lines: [{ sku: 'E-1', quantity: 1 }], ttlSeconds: 60 })
    ).json();
    expect((await shop('POST', '/v1/reservations', { lines: [{ sku: 'E-1', quantity: 1 }] })).statusCode).toBe(409);
    await lapse(first.id);
    expect((await shop('GET', `/v1/reservations/${first.id}`)).json().status).toBe('expired');
    const second = await shop('POST', '/v1/reservations', { lines: [{ sku: 'E-1', quantity: 1 }] });
    expect(second.statusCode).toBe(201);
    expect(await stock('E-1')).toEqual({ onHand: 1, reserved: 1, available: 0 });
    const late = await shop('POST', `/v1/reservations/${first.id}/confirm`);
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toBe('reservation_expired');
    const expired = await t.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('event_id', '=', `reservation.expired:${first.id}`)
      .execute();
    expect(expired).toHaveLength(1);
  });

  it('answers 409 reservation_expired when confirming after expiresAt, and releases the hold', async () => {
    await product('E-2', 2);
    const r = (await shop('POST', '/v1/reservations', { lines: [{ sku: 'E-2', quantity: 2 }] })).json();
    await lapse(r.id);
    const res = await shop('POST', `/v1/reservations/${r.id}/confirm`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('reservation_expired');
    expect(await stock('E-2')).toEqual({ onHand: 2, reserved: 0, available: 2 });
    // Cancelling a lapsed hold releases and announces it the same way.
    const other = (await shop('POST', '/v1/reservations', { lines: [{ sku: 'E-2', quantity: 1 }] })).json();
    await lapse(other.id);
    expect((await shop('POST', `/v1/reservations/${other.id}/cancel`)).json().error).toBe('reservation_expired');
    expect(await stock('E-2')).toEqual({ onHand: 2, reserved: 0, available: 2 });
    const announced = await t.ctx.db
      .selectFrom('outbox')
      .select('event_id')
      .where('event_id', 'in', [`reservation.expired:${r.id}`, `reservation.expired:${other.id}`])
      .execute();
    expect(announced).toHaveLength(2);
  });

  it('replays a reservation for the same Idempotency-Key and holds stock once', async () => {
    await product('I-1', 10);
    const body = { lines: [{ sku: 'I-1', quantity: 3 }] };
    const headers = { 'idempotency-key': 'order-42' };
    const first = await shop('POST', '/v1/reservations', body, headers);
    const second = await shop('POST', '/v1/reservations', body, headers);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect((await stock('I-1')).reserved).toBe(3);
    const reused = await shop('POST', '/v1/reservations', { lines: [{ sku: 'I-1', quantity: 4 }] }, headers);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error).toBe('idempotency_key_reused');
    // The same key at once from many requests: one hold, every answer the same reservation.
    const burst = await Promise.all(
      Array.from({ length: 12 }, () => shop('POST', '/v1/reservations', body, { 'idempotency-key': 'burst-1' })),
    );
    const ids = new Set(burst.map((r) => r.json().id));
    expect(burst.every((r) => r.statusCode === 201)).toBe(true);
    expect(ids.size).toBe(1);
    expect((await stock('I-1')).reserved).toBe(6);
    // Confirm is idempotent by key too.
    const id = first.json().id;
    const c1 = await shop('POST', `/v1/reservations/${id}/confirm`, undefined, { 'idempotency-key': 'pay-1' });
    const c2 = await shop('POST', `/v1/reservations/${id}/confirm`, undefined, { 'idempotency-key': 'pay-1' });
    expect(c2.json()).toEqual(c1.json());
    expect((await stock('I-1')).onHand).toBe(7);
  });

  it("hides another merchant's reservations", async () => {
    await product('X-1', 1);
    const r = (await shop('POST', '/v1/reservations', { lines: [{ sku: 'X-1', quantity: 1 }] })).json();
    const other = await createTestMerchant(t.app);
    const theirs = client(t.app, other.storefront);
    expect((await theirs('GET', `/v1/reservations/${r.id}`)).statusCode).toBe(404);
    expect((await theirs('POST', `/v1/reservations/${r.id}/confirm`)).statusCode).toBe(404);
    expect((await theirs('POST', `/v1/reservations/${r.id}/cancel`)).statusCode).toBe(404);
    expect((await theirs('POST', '/v1/reservations', { lines: [{ sku: 'X-1', quantity: 1 }] })).statusCode).toBe(422);
    expect(merchantId).not.toBe(other.id);
  });
  it('answers price_changed with the new quote, but insufficient_stock first when the cart cannot be held', async () => {
    await product('PC-1', 1, 1000);
    const changed = await shop('POST', '/v1/reservations', {
      lines: [{ sku: 'PC-1', quantity: 1 }],
      expectedTotal: 900,
    });
    expect(changed.statusCode).toBe(409);
    expect(changed.json()).toMatchObject({
      error: 'price_changed',
      details: { quote: { currency: 'EUR', total: 1000 } },
    });
    expect(typeof changed.json().details.quote.at).toBe('string');
    await shop('POST', '/v1/reservations', { lines: [{ sku: 'PC-1', quantity: 1 }] });
    const gone = await shop('POST', '/v1/reservations', { lines: [{ sku: 'PC-1', quantity: 1 }], expectedTotal: 900 });
    expect(gone.statusCode).toBe(409);
    expect(gone.json()).toMatchObject({
      error: 'insufficient_stock',
      details: [{ sku: 'PC-1', requested: 1, available: 0 }],
    });
  });
});
