import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestMerchant, startTestApp, type TestApp } from '../support/app.ts';
import { databaseKinds } from '../support/db.ts';

describe.each(databaseKinds())('catalog and stock ledger on %s', (kind) => {
  let t: TestApp;
  let call: ReturnType<typeof client>;
  let merchantId: string;
  beforeAll(async () => {
    t = await startTestApp({ kind });
    const m = await createTestMerchant(t.app, { name: 'Cat', currency: 'USD', defaultMinMarginBps: 1000 });
    merchantId = m.id;
    call = client(t.app, m.console);
  });
  afterAll(async () => t?.close());

  it('creates (201) then updates (200) a product, with its effective floor', async () => {
    const created = await call('PUT', '/v1/products/COAT-1', {
      name: 'Coat',
      listPrice: 1000,
      unitCost: 300,
      tags: ['winter'],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({
      sku: 'COAT-1',
      name: 'Coat',
      listPrice: 1000,
      unitCost: 300,
      tags: ['winter'],
      minMarginBps: null,
      floorPrice: null,
      lowStockThreshold: null,
      floor: 334, // cost 300 at the merchant's 10 % → ceil(300 / 0.9)
      stock: { onHand: 0, reserved: 0, available: 0 },
    });
    const updated = await call('PUT', '/v1/products/COAT-1', {
      name: 'Coat',
      listPrice: 1200,
      unitCost: 300,
      tags: ['winter'],
      minMarginBps: 2500,
      floorPrice: 450,
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().floor).toBe(450); // max(450, ceil(300 / 0.75) = 400)
    const got = await call('GET', '/v1/products/COAT-1');
    expect(got.json().listPrice).toBe(1200);
  });

  it('audits price and cost changes with the key that made them', async () => {
    await call('PUT', '/v1/products/AUD-1', { name: 'A', listPrice: 500, unitCost: 100 });
    await call('PUT', '/v1/products/AUD-1', { name: 'A', listPrice: 450, unitCost: 120 });
    await call('PUT', '/v1/products/AUD-1', { name: 'A', listPrice: 450, unitCost: 120 });
    const rows = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .where('entity_id', '=', 'AUD-1')
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(2); // the unchanged third PUT records nothing
    expect(rows[1]!.change).toEqual({
      update: { listPrice: { from: 500, to: 450 }, unitCost: { from: 100, to: 120 } },
    });
    expect(rows[1]!.key_id).toBeTruthy();
  });

  it.each([
    ['/v1/products/bad%20sku', { name: 'x', listPrice: 1, unitCost: 1 }, 'params/sku'],
    ['/v1/products/OK', { name: 'x', listPrice: -1, unitCost: 1 }, 'body/listPrice'],
    ['/v1/products/OK', { name: 'x', listPrice: 1.5, unitCost: 1 }, 'body/listPrice'],
    ['/v1/products/OK', { name: 'x', listPrice: 1, unitCost: '1' }, 'body/unitCost'],
    ['/v1/products/OK', { name: 'x', listPrice: 1, unitCost: 1, colour: 'red' }, 'body/colour'],
    ['/v1/products/OK', { name: 'x', listPrice: 2 ** 53, unitCost: 1 }, 'body/listPrice'],
    [`/v1/products/${'A'.repeat(65)}`, { name: 'x', listPrice: 1, unitCost: 1 }, 'params/sku'],
    ['/v1/products/OK', { name: 'nul\u0000byte', listPrice: 1, unitCost: 1 }, 'not acceptable'],
  ])('rejects PUT %s %j naming %s', async (url, body, field) => {
    const res = await call('PUT', url, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(field);
    expect((await call('GET', '/v1/products/OK')).statusCode).toBe(404);
  });

  it('keeps an append-only ledger whose sum is onHand', async () => {
    await call('PUT', '/v1/products/LED-1', { name: 'L', listPrice: 100, unitCost: 10 });
    expect((await call('POST', '/v1/products/LED-1/stock-movements', { delta: 10, reason: 'receipt' })).json()).toEqual(
      {
        onHand: 10,
        reserved: 0,
        available: 10,
      },
    );
    await call('POST', '/v1/products/LED-1/stock-movements', { delta: -3, reason: 'damage', note: 'water' });
    await call('POST', '/v1/products/LED-1/stock-movements', { delta: 1, reason: 'return' });
    const list = (await call('GET', '/v1/products/LED-1/stock-movements')).json();
    expect(list.items.map((m: { delta: number }) => m.delta)).toEqual([10, -3, 1]);
    expect(list.items[1]).toMatchObject({ reason: 'damage', note: 'water' });
    const sum = list.items.reduce((s: number, m: { delta: number }) => s + m.delta, 0);
    expect((await call('GET', '/v1/products/LED-1')).json().stock.onHand).toBe(sum);
  });

  it('refuses a movement below reserved with 409 stock_conflict and leaves the ledger unchanged', async () => {
    await call('PUT', '/v1/products/CON-1', { name: 'C', listPrice: 100, unitCost: 10 });
    await call('POST', '/v1/products/CON-1/stock-movements', { delta: 5, reason: 'receipt' });
    const held = await call('POST', '/v1/reservations', { lines: [{ sku: 'CON-1', quantity: 4 }] });
    expect(held.statusCode).toBe(201);
    const res = await call('POST', '/v1/products/CON-1/stock-movements', { delta: -2, reason: 'adjustment' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'stock_conflict', details: { onHand: 5, reserved: 4, delta: -2 } });
    const list = (await call('GET', '/v1/products/CON-1/stock-movements')).json();
    expect(list.items).toHaveLength(1);
    expect(
      (await call('POST', '/v1/products/CON-1/stock-movements', { delta: -1, reason: 'adjustment' })).statusCode,
    ).toBe(200);
  });

  it('refuses to take onHand below zero', async () => {
    await call('PUT', '/v1/products/NEG-1', { name: 'N', listPrice: 100, unitCost: 10 });
    const res = await call('POST', '/v1/products/NEG-1/stock-movements', { delta: -1, reason: 'damage' });
    expect(res.statusCode).toBe(409);
    expect((await call('GET', '/v1/products/NEG-1')).json().stock.onHand).toBe(0);
  });

  it('lists by tag with cursor pagination', async () => {
    for (const sku of ['P-1', 'P-2', 'P-3', 'P-4', 'P-5']) {
      await call('PUT', `/v1/products/${sku}`, { name: sku, listPrice: 100, unitCost: 10, tags: ['paged'] });
    }
    await call('PUT', '/v1/products/P-X', { name: 'x', listPrice: 100, unitCost: 10, tags: ['other'] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/products?tag=paged&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await call('GET', url)).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((p: { sku: string }) => p.sku));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['P-1', 'P-2', 'P-3', 'P-4', 'P-5']);
    expect((await call('GET', '/v1/products?cursor=garbage')).statusCode).toBe(400);
    expect((await call('GET', '/v1/products?limit=501')).statusCode).toBe(400);
  });

  it("hides another merchant's products", async () => {
    const other = await createTestMerchant(t.app);
    const theirs = client(t.app, other.console);
    expect((await theirs('GET', '/v1/products/COAT-1')).statusCode).toBe(404);
    expect(
      (await theirs('POST', '/v1/products/COAT-1/stock-movements', { delta: 1, reason: 'receipt' })).statusCode,
    ).toBe(404);
    expect((await theirs('GET', '/v1/products/COAT-1/stock-movements')).statusCode).toBe(404);
    expect((await theirs('GET', '/v1/products')).json().items).toEqual([]);
    const mine = (await call('GET', '/v1/products/COAT-1')).json();
    expect(mine.name).toBe('Coat');
  });
  it('announces stock.low when onHand falls to the threshold, once per crossing', async () => {
    await call('PUT', '/v1/products/LOW-1', { name: 'L', listPrice: 100, unitCost: 10, lowStockThreshold: 5 });
    await call('POST', '/v1/products/LOW-1/stock-movements', { delta: 8, reason: 'receipt' });
    await call('POST', '/v1/products/LOW-1/stock-movements', { delta: -2, reason: 'damage' }); // 6: above
    await call('POST', '/v1/products/LOW-1/stock-movements', { delta: -1, reason: 'damage' }); // 5: crosses
    await call('POST', '/v1/products/LOW-1/stock-movements', { delta: -1, reason: 'damage' }); // 4: already low
    const events = async () =>
      (
        await t.ctx.db
          .selectFrom('outbox')
          .selectAll()
          .where('merchant_id', '=', merchantId)
          .where('type', '=', 'stock.low')
          .execute()
      ).map((e) => e.data);
    expect(await events()).toEqual([{ sku: 'LOW-1', onHand: 5, threshold: 5 }]);
    await call('POST', '/v1/products/LOW-1/stock-movements', { delta: 10, reason: 'receipt' }); // 14
    const r = (await call('POST', '/v1/reservations', { lines: [{ sku: 'LOW-1', quantity: 10 }] })).json();
    await call('POST', `/v1/reservations/${r.id}/confirm`); // sale: 14 → 4
    expect(await events()).toEqual([
      { sku: 'LOW-1', onHand: 5, threshold: 5 },
      { sku: 'LOW-1', onHand: 4, threshold: 5 },
    ]);
    expect((await call('GET', '/v1/products/LOW-1')).json().lowStockThreshold).toBe(5);
  });
});
