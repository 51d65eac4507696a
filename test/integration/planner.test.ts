import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/db/ids.ts';
import { client, createTestMerchant, startTestApp, type TestApp } from '../support/app.ts';

const DAY = 86400_000;

describe('clearance planner API', () => {
  let t: TestApp;
  let call: ReturnType<typeof client>;
  let merchantId: string;
  const product = async (sku: string, onHand: number) => {
    await call('PUT', `/v1/products/${sku}`, { name: sku, listPrice: 10000, unitCost: 4000, minMarginBps: 1000 });
    await call('POST', `/v1/products/${sku}/stock-movements`, { delta: onHand, reason: 'receipt' });
  };
  /** Stores past orders of `sku`, one a day, at the given unit prices (the history a real shop would have). */
  const history = async (sku: string, days: { daysAgo: number; unitPrice: number; quantity: number }[]) => {
    const db = t.ctx.db;
    for (const d of days) {
      const at = new Date(Date.now() - d.daysAgo * DAY);
      const reservationId = newId();
      const orderId = newId();
      const total = d.unitPrice * d.quantity;
      await db
        .insertInto('reservations')
        .values({
          id: reservationId,
          merchant_id: merchantId,
          customer_id: null,
          status: 'confirmed',
          expires_at: at,
          quote: '{}',
          total,
          order_id: orderId,
          created_at: at,
        })
        .execute();
      await db
        .insertInto('orders')
        .values({
          id: orderId,
          merchant_id: merchantId,
          reservation_id: reservationId,
          customer_id: null,
          currency: 'USD',
          subtotal: 10000 * d.quantity,
          discount_total: (10000 - d.unitPrice) * d.quantity,
          total,
          created_at: at,
        })
        .execute();
      await db
        .insertInto('order_lines')
        .values({
          order_id: orderId,
          merchant_id: merchantId,
          sku,
          quantity: d.quantity,
          list_price: 10000,
          unit_price: d.unitPrice,
          unit_cost: 4000,
          total,
          discounts: '[]',
          floor_clamped: false,
          created_at: at,
        })
        .execute();
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
    const m = await createTestMerchant(t.app);
    merchantId = m.id;
    call = client(t.app, m.console);
  });
  afterAll(async () => t?.close());

  it('plans a markdown that never rises and never goes below the floor, with a given demand model', async () => {
    await product('PL-1', 300);
    const start = '2026-12-01T00:00:00Z';
    const res = await call('POST', '/v1/planner/markdown', {
      skus: ['PL-1'],
      start,
      deadline: '2026-12-29T00:00:00Z',
      demand: { ratePerPeriod: 8, elasticity: 2.5, decayPerPeriod: 0.03 },
    });
    expect(res.statusCode).toBe(200);
    const [plan] = res.json().plans;
    expect(plan.sku).toBe('PL-1');
    expect(plan.demand).toMatchObject({ source: 'given', elasticity: 2.5 });
    expect(plan.steps.length).toBeGreaterThan(0);
    const floor = (await call('GET', '/v1/products/PL-1')).json().floor;
    let last = -1;
    for (const s of plan.steps) {
      expect(s.percentBps % 500).toBe(0);
      expect(s.percentBps).toBeGreaterThanOrEqual(last);
      expect(s.price).toBeGreaterThanOrEqual(floor);
      expect(Date.parse(s.at)).toBeGreaterThanOrEqual(Date.parse(start));
      last = s.percentBps;
    }
    expect(plan.expected.unitsSold + plan.expected.leftover).toBeCloseTo(300, 0);
    expect(plan.expected.band.unitsSold[0]).toBeLessThanOrEqual(plan.expected.band.unitsSold[1]);
  });

  it('says 422 insufficient_history instead of guessing', async () => {
    await product('PL-2', 50);
    const res = await call('POST', '/v1/planner/markdown', {
      skus: ['PL-2'],
      deadline: new Date(Date.now() + 14 * DAY).toISOString(),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toBe('insufficient_history');
    expect(res.json().message).toContain('PL-2');
  });

  it('estimates demand from the SKU own orders at different prices', async () => {
    await product('PL-3', 200);
    const days = Array.from({ length: 30 }, (_, i) => ({
      daysAgo: 30 - i,
      unitPrice: i < 15 ? 10000 : 8000,
      quantity: i < 15 ? 3 + (i % 2) : 6 + (i % 3),
    }));
    await history('PL-3', days);
    const res = await call('POST', '/v1/planner/markdown', {
      skus: ['PL-3'],
      deadline: new Date(Date.now() + 21 * DAY).toISOString(),
    });
    expect(res.statusCode).toBe(200);
    const plan = res.json().plans[0];
    expect(plan.demand.source).toBe('history');
    expect(plan.demand.elasticity).toBeGreaterThan(0.5);
  });

  it('applies a plan as one deepening percent_off promotion, guarded by the floor', async () => {
    await product('PL-4', 100);
    const at = (d: number) => new Date(Date.parse('2026-12-01T00:00:00Z') + d * DAY).toISOString();
    const res = await call('POST', '/v1/planner/markdown/apply', {
      sku: 'PL-4',
      steps: [
        { at: at(0), percentBps: 0 },
        { at: at(7), percentBps: 2000 },
        { at: at(14), percentBps: 3500 },
      ],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'percent_off',
      target: { skus: ['PL-4'] },
      percentBps: 2000,
      startsAt: at(7),
      steps: [{ afterSeconds: 7 * 86400, percentBps: 3500 }],
    });
    // Cost 4000 at 10 % → floor 4445: 60 % off (4000) is refused.
    const deep = await call('POST', '/v1/planner/markdown/apply', {
      sku: 'PL-4',
      steps: [{ at: at(0), percentBps: 6000 }],
    });
    expect(deep.statusCode).toBe(422);
    expect(deep.json().error).toBe('margin_floor_breach');
    const rising = await call('POST', '/v1/planner/markdown/apply', {
      sku: 'PL-4',
      steps: [
        { at: at(0), percentBps: 3000 },
        { at: at(1), percentBps: 1000 },
      ],
    });
    expect(rising.statusCode).toBe(400);
    expect(rising.json().message).toContain('body/steps/1/percentBps');
  });

  it('rejects unknown SKUs and bad horizons', async () => {
    const unknown = await call('POST', '/v1/planner/markdown', {
      skus: ['NOPE'],
      deadline: '2027-01-01T00:00:00Z',
      demand: { ratePerPeriod: 1, elasticity: 2, decayPerPeriod: 0 },
    });
    expect(unknown.statusCode).toBe(422);
    const backwards = await call('POST', '/v1/planner/markdown', {
      skus: ['PL-1'],
      start: '2027-01-02T00:00:00Z',
      deadline: '2027-01-01T00:00:00Z',
      demand: { ratePerPeriod: 1, elasticity: 2, decayPerPeriod: 0 },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().message).toContain('body/deadline');
  });
});
