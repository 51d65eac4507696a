import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestMerchant, startTestApp, type TestApp } from '../support/app.ts';
import { announceSkip, DATABASE_URL } from '../support/db.ts';

if (!DATABASE_URL)
  announceSkip('concurrency (hammering one SKU)', 'DATABASE_URL (row-lock contention exists only on a server)');

/**
 * Many buyers at one row, on a real PostgreSQL server with 50 pooled connections. With `HOT_SKU_WRITERS` at 1000 the
 * in-process admission queue lets every request reach the database at once, so the row locks alone must hold the line;
 * with the default, the queue is exercised too.
 */
describe.runIf(DATABASE_URL).each([
  ['database contention (admission off)', '1000'],
  ['admission queue (default)', '4'],
])('concurrent reservations: %s', (_name, writers) => {
  let t: TestApp;
  let call: ReturnType<typeof client>;
  let shop: ReturnType<typeof client>;
  const stock = async (sku: string) => (await call('GET', `/v1/products/${sku}`)).json().stock;
  const product = async (sku: string, onHand: number) => {
    await call('PUT', `/v1/products/${sku}`, { name: sku, listPrice: 1000, unitCost: 100 });
    await call('POST', `/v1/products/${sku}/stock-movements`, { delta: onHand, reason: 'receipt' });
  };

  beforeAll(async () => {
    t = await startTestApp({ kind: 'postgres', env: { HOT_SKU_WRITERS: writers }, poolSize: 50 });
    const m = await createTestMerchant(t.app);
    call = client(t.app, m.console);
    shop = client(t.app, m.storefront);
  });
  afterAll(async () => t?.close());

  it('sells exactly 10 of 10 units to 200 concurrent buyers; the rest get 409', async () => {
    await product('HOT', 10);
    const results = await Promise.all(
      Array.from({ length: 200 }, () => shop('POST', '/v1/reservations', { lines: [{ sku: 'HOT', quantity: 1 }] })),
    );
    const codes = results.map((r) => r.statusCode);
    expect(results.filter((r) => r.statusCode !== 201 && r.statusCode !== 409).map((r) => r.body)).toEqual([]);
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(codes.filter((c) => c === 409)).toHaveLength(190);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      expect(r.json()).toMatchObject({
        error: 'insufficient_stock',
        details: [{ sku: 'HOT', requested: 1, available: 0 }],
      });
    }
    expect(await stock('HOT')).toEqual({ onHand: 10, reserved: 10, available: 0 });
  });

  it('holds multi-line carts sharing SKUs in opposite orders without deadlock or partial holds', async () => {
    await product('PAIR-A', 10);
    await product('PAIR-B', 10);
    await product('PAIR-C', 15);
    const carts = Array.from({ length: 120 }, (_, i) => {
      const lines = [
        { sku: 'PAIR-A', quantity: 1 },
        { sku: 'PAIR-B', quantity: 1 },
        { sku: 'PAIR-C', quantity: 1 },
      ];
      return i % 2 === 0 ? lines : lines.reverse();
    });
    const results = await Promise.all(carts.map((lines) => shop('POST', '/v1/reservations', { lines })));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(codes.every((c) => c === 201 || c === 409)).toBe(true);
    // Every successful cart holds one of each; failed carts hold nothing.
    expect((await stock('PAIR-A')).reserved).toBe(10);
    expect((await stock('PAIR-B')).reserved).toBe(10);
    expect((await stock('PAIR-C')).reserved).toBe(10);
  });

  it('confirms and cancels concurrently without losing or double-counting a unit', async () => {
    await product('MIX', 40);
    const held = await Promise.all(
      Array.from({ length: 40 }, () => shop('POST', '/v1/reservations', { lines: [{ sku: 'MIX', quantity: 1 }] })),
    );
    const ids = held.map((r) => r.json().id as string);
    await Promise.all(ids.map((id, i) => shop('POST', `/v1/reservations/${id}/${i % 2 ? 'confirm' : 'cancel'}`)));
    expect(await stock('MIX')).toEqual({ onHand: 20, reserved: 0, available: 20 });
  });
  it('flash sale: a stockCap of 100 under 300 concurrent buyers sells exactly 100 at the promo price', async () => {
    await product('FLASH', 250);
    const promo = await call('POST', '/v1/promotions', {
      name: 'Flash',
      kind: 'percent_off',
      target: { skus: ['FLASH'] },
      percentBps: 4000,
      stockCap: 100,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(promo.statusCode).toBe(201);
    const results = await Promise.all(
      Array.from({ length: 300 }, () => shop('POST', '/v1/reservations', { lines: [{ sku: 'FLASH', quantity: 1 }] })),
    );
    expect(results.filter((r) => r.statusCode !== 201 && r.statusCode !== 409).map((r) => r.body)).toEqual([]);
    const held = results.filter((r) => r.statusCode === 201).map((r) => r.json().quote.total as number);
    expect(held.filter((total) => total === 600)).toHaveLength(100); // 40 % off 1000
    expect(held.filter((total) => total === 1000)).toHaveLength(150); // the next price: list
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(50); // stock gone
    const counters = (await call('GET', `/v1/promotions/${promo.json().id}`)).json().counters;
    expect(counters).toMatchObject({ unitsReserved: 100, unitsSold: 0, remainingCap: 0 });
    expect(await stock('FLASH')).toEqual({ onHand: 250, reserved: 250, available: 0 });
  });
});
