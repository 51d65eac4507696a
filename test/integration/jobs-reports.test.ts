import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotDay } from '../../src/db/reports.ts';
import { localDay } from '../../src/services/reports.ts';
import { client, createTestMerchant, startTestApp, type TestApp, type TestMerchant } from '../support/app.ts';
import { databaseKinds } from '../support/db.ts';

// Reports read PostgreSQL only (no Redis), so they run on every database kind.
describe.each(databaseKinds())('sell-through report on %s', (kind) => {
  let t: TestApp;
  let m: TestMerchant;
  let call: ReturnType<typeof client>;
  let promotionId: string;
  let orderedAt: Date;
  beforeAll(async () => {
    t = await startTestApp({ kind });
    m = await createTestMerchant(t.app, { name: 'R', currency: 'CNY', timezone: 'Asia/Shanghai' });
    call = client(t.app, m.console);
    await call('PUT', '/v1/products/A', { name: 'A', listPrice: 1000, unitCost: 400 });
    await call('PUT', '/v1/products/B', { name: 'B', listPrice: 2000, unitCost: 500 });
    await call('POST', '/v1/products/A/stock-movements', { delta: 10, reason: 'receipt' });
    await call('POST', '/v1/products/B/stock-movements', { delta: 4, reason: 'receipt' });
    // The stock arrived before the promotion started.
    await sql`update stock_movements set created_at = now() - interval '3 hours'`.execute(t.ctx.db);
    const promo = await call('POST', '/v1/promotions', {
      name: 'A off',
      kind: 'percent_off',
      percentBps: 2000,
      target: { skus: ['A'] },
      startsAt: new Date(Date.now() - 3600_000).toISOString(),
    });
    expect(promo.statusCode).toBe(201);
    promotionId = promo.json().id;
    const shop = client(t.app, m.storefront);
    const held = await shop('POST', '/v1/reservations', {
      lines: [
        { sku: 'A', quantity: 3 },
        { sku: 'B', quantity: 1 },
      ],
    });
    expect(held.statusCode).toBe(201);
    expect((await shop('POST', `/v1/reservations/${held.json().id}/confirm`)).statusCode).toBe(200);
    orderedAt = new Date();
  });
  afterAll(async () => t?.close());

  it('reports a promotion: its SKUs, sell-through against the stock at its start, its own discount', async () => {
    const res = await call('GET', `/v1/reports/sell-through?promotionId=${promotionId}`);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.items).toEqual([
      {
        sku: 'A',
        startOnHand: 10,
        unitsSold: 3,
        sellThroughBps: 3000,
        revenue: 2400,
        discountGiven: 600,
        grossMargin: 1200,
      },
    ]);
    expect(r.timezone).toBe('Asia/Shanghai');
    expect(r.daily.at(-1)).toEqual({ day: localDay(orderedAt, 'Asia/Shanghai'), unitsSold: 3, revenue: 2400 });
  });

  it('reports every SKU sold in a window, with a gap-free daily series in the merchant timezone', async () => {
    const from = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 1000).toISOString();
    const r = (await call('GET', `/v1/reports/sell-through?from=${from}&to=${to}`)).json();
    expect(r.items.map((i: { sku: string }) => i.sku)).toEqual(['A', 'B']);
    // The window starts before the stock arrived: sell-through counts units received in the window too.
    expect(r.items[1]).toEqual({
      sku: 'B',
      startOnHand: 0,
      unitsSold: 1,
      sellThroughBps: 2500,
      revenue: 2000,
      discountGiven: 0,
      grossMargin: 1500,
    });
    expect(r.daily.length).toBeGreaterThanOrEqual(4);
    expect(r.daily.reduce((s: number, d: { unitsSold: number }) => s + d.unitsSold, 0)).toBe(4);
    expect(r.daily.filter((d: { unitsSold: number }) => d.unitsSold > 0)).toHaveLength(1);
  });

  it('names the bad field, and hides other merchants promotions', async () => {
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const bad = await call('GET', `/v1/reports/sell-through?from=${later}&to=${new Date().toISOString()}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('from');
    expect((await call('GET', '/v1/reports/sell-through?from=yesterday')).json().message).toContain('from');
    const other = await createTestMerchant(t.app);
    const res = await client(t.app, other.console)('GET', `/v1/reports/sell-through?promotionId=${promotionId}`);
    expect(res.statusCode).toBe(404);
  });

  it('stores a daily snapshot, replacing the day when run again', async () => {
    const day = localDay(orderedAt, 'Asia/Shanghai');
    expect(await snapshotDay(t.ctx.db, m.id, day, 'Asia/Shanghai')).toBe(2);
    expect(await snapshotDay(t.ctx.db, m.id, day, 'Asia/Shanghai')).toBe(2);
    const rows = await t.ctx.db
      .selectFrom('sell_through_daily')
      .select(['sku', 'units_sold', 'revenue', 'discount_given', 'cost', 'on_hand_end'])
      .where('merchant_id', '=', m.id)
      .orderBy('sku')
      .execute();
    expect(rows).toEqual([
      { sku: 'A', units_sold: 3, revenue: 2400, discount_given: 600, cost: 1200, on_hand_end: 7 },
      { sku: 'B', units_sold: 1, revenue: 2000, discount_given: 0, cost: 500, on_hand_end: 3 },
    ]);
  });
});
