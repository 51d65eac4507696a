import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestMerchant } from '../support/app.ts';
import { freshPrefix, type JobsTestApp, jobsAvailable, startJobsApp, startReceiver, waitFor } from '../support/jobs.ts';

const run = jobsAvailable('jobs-outage');

describe.runIf(run)('Redis outage', () => {
  let down: JobsTestApp;
  let back: JobsTestApp | undefined;
  const prefix = freshPrefix('outage');
  beforeAll(async () => {
    down = await startJobsApp({ prefix, redisUrl: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    await back?.close();
    await down?.close();
  });

  it('keeps serving while Redis is unreachable and delivers order.confirmed once it is back', async () => {
    const receiver = await startReceiver();
    try {
      const health = await down.app.inject({ method: 'GET', url: '/health' });
      expect(health.json()).toEqual({ status: 'degraded', db: 'up', queue: 'down' });
      const m = await createTestMerchant(down.app);
      const call = client(down.app, m.console);
      expect((await call('POST', '/v1/webhooks', { url: receiver.url, events: ['order.confirmed'] })).statusCode).toBe(
        201,
      );
      expect((await call('PUT', '/v1/products/A', { name: 'A', listPrice: 1000, unitCost: 400 })).statusCode).toBe(201);
      await call('POST', '/v1/products/A/stock-movements', { delta: 5, reason: 'receipt' });
      const shop = client(down.app, m.storefront);
      const started = Date.now();
      const held = await shop('POST', '/v1/reservations', { lines: [{ sku: 'A', quantity: 2 }] });
      expect(held.statusCode).toBe(201);
      const confirmed = await shop('POST', `/v1/reservations/${held.json().id}/confirm`);
      expect(confirmed.statusCode).toBe(200);
      expect(Date.now() - started).toBeLessThan(3000);
      const pending = await down.ctx.db
        .selectFrom('outbox')
        .selectAll()
        .where('type', '=', 'order.confirmed')
        .execute();
      expect(pending).toHaveLength(1);
      expect(pending[0]!.relayed_at).toBeNull();
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.requests).toHaveLength(0);

      // Redis is back: a runtime that reaches it (same database) relays what waited.
      back = await startJobsApp({ prefix, testDb: down.testDb });
      const [got] = await waitFor('order.confirmed', () => receiver.ofType('order.confirmed'), 10_000);
      expect(got!.json).toMatchObject({
        id: pending[0]!.event_id,
        merchantId: m.id,
        data: { orderId: confirmed.json().orderId },
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.requests).toHaveLength(1);
      expect((await back.app.inject({ method: 'GET', url: '/health' })).json().status).toBe('ok');
    } finally {
      await receiver.close();
    }
  });
});
