import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, client, startTestApp, type TestApp } from '../support/app.ts';

/** The README's curl walk-through, step by step, so the README stays true. */
describe('README walk-through', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('runs as documented', async () => {
    const admin = client(t.app, ADMIN_TOKEN);
    const m = await admin('POST', '/v1/merchants', {
      name: 'Outlet',
      currency: 'USD',
      timezone: 'America/New_York',
      defaultMinMarginBps: 1000,
    });
    expect(m.statusCode).toBe(201);
    const ck = client(t.app, m.json().apiKeys.console);
    const sk = client(t.app, m.json().apiKeys.storefront);
    const product = await ck('PUT', '/v1/products/COAT-1', {
      name: 'Wool coat',
      listPrice: 1000,
      unitCost: 300,
      tags: ['winter'],
    });
    expect(product.json().floor).toBe(334);
    expect((await ck('POST', '/v1/products/COAT-1/stock-movements', { delta: 50, reason: 'receipt' })).statusCode).toBe(
      200,
    );
    const deep = await ck('POST', '/v1/promotions', {
      name: 'Deep',
      kind: 'percent_off',
      target: { tags: ['winter'] },
      percentBps: 7000,
      startsAt: '2026-01-01T00:00:00Z',
    });
    expect(deep.statusCode).toBe(422);
    expect(deep.json().details).toEqual({ breaches: [{ sku: 'COAT-1', floor: 334, price: 300 }] });
    const flash = await ck('POST', '/v1/promotions', {
      name: 'Flash',
      kind: 'percent_off',
      target: { skus: ['COAT-1'] },
      percentBps: 4000,
      stockCap: 20,
      perCustomerLimit: 2,
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '2027-01-01T00:00:00Z',
    });
    expect(flash.statusCode).toBe(201);
    const prices = (await sk('GET', '/v1/prices?skus=COAT-1&customerId=alice')).json().items[0];
    expect(prices).toMatchObject({ price: 600, promotionId: flash.json().id, remainingAtPrice: 2, available: 50 });
    const q = (await sk('POST', '/v1/quotes', { lines: [{ sku: 'COAT-1', quantity: 3 }], customerId: 'alice' })).json();
    expect(q.lines[0].unitPrices).toEqual([
      { quantity: 2, unitPrice: 600, promotionId: flash.json().id },
      { quantity: 1, unitPrice: 1000, promotionId: null },
    ]);
    expect(q.total).toBe(2200);
    const r = await sk(
      'POST',
      '/v1/reservations',
      { lines: [{ sku: 'COAT-1', quantity: 2 }], customerId: 'alice', ttlSeconds: 600 },
      { 'idempotency-key': 'cart-123' },
    );
    expect(r.statusCode).toBe(201);
    const done = await sk('POST', `/v1/reservations/${r.json().id}/confirm`);
    expect(done.json()).toMatchObject({ status: 'confirmed', total: 1200 });
    // Alice has used her limit: her next unit is at list price.
    const after = (await sk('GET', '/v1/prices?skus=COAT-1&customerId=alice')).json().items[0];
    expect(after.price).toBe(1000);
  });
});
