import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestMerchant, type TestMerchant } from '../support/app.ts';
import { freshPrefix, type JobsTestApp, jobsAvailable, startJobsApp, startReceiver, waitFor } from '../support/jobs.ts';

const run = jobsAvailable('jobs-lifecycle');

describe.runIf(run)('promotion lifecycle jobs', () => {
  let t: JobsTestApp;
  let m: TestMerchant;
  let call: ReturnType<typeof client>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let secret: string;
  beforeAll(async () => {
    t = await startJobsApp({ prefix: freshPrefix('lifecycle') });
    m = await createTestMerchant(t.app);
    call = client(t.app, m.console);
    receiver = await startReceiver();
    const events = [
      'promotion.started',
      'promotion.ended',
      'price.changed',
      'promotion.sold_out',
      'reservation.expired',
    ];
    secret = (await call('POST', '/v1/webhooks', { url: receiver.url, events })).json().secret;
    for (const sku of ['COAT-1', 'COAT-2']) {
      const res = await call('PUT', `/v1/products/${sku}`, {
        name: sku,
        listPrice: 10000,
        unitCost: 4000,
        tags: ['winter'],
      });
      expect(res.statusCode).toBe(201);
    }
    await waitFor('Redis', () => t.jobs.queue.isUp());
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  it('announces promotion.started within 1 s of startsAt, signed, then ended and price.changed at each edge', async () => {
    const startsAt = Date.now() + 2000;
    const endsAt = startsAt + 1500;
    const res = await call('POST', '/v1/promotions', {
      name: 'Flash',
      kind: 'percent_off',
      percentBps: 3000,
      target: { tags: ['winter'] },
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
    });
    expect(res.statusCode).toBe(201);
    const promotionId = res.json().id;
    const [started] = await waitFor('promotion.started', () => receiver.ofType('promotion.started'), 5000);
    expect(started!.at).toBeGreaterThanOrEqual(startsAt);
    expect(started!.at - startsAt).toBeLessThan(1000);
    const expected = `sha256=${createHmac('sha256', secret).update(started!.body).digest('hex')}`;
    expect(started!.headers['x-signature']).toBe(expected);
    expect(started!.json).toMatchObject({
      id: `promotion.started:${promotionId}:${startsAt}`,
      merchantId: m.id,
      data: { promotionId, at: new Date(startsAt).toISOString() },
    });

    const [ended] = await waitFor('promotion.ended', () => receiver.ofType('promotion.ended'), 5000);
    expect(ended!.at - endsAt).toBeLessThan(1000);
    await waitFor('two price changes', () => receiver.ofType('price.changed').length >= 2, 3000);
    const changes = receiver.ofType('price.changed').map((r) => r.json.data);
    expect(changes).toEqual([
      expect.objectContaining({ active: true, percentBps: 3000, skus: ['COAT-1', 'COAT-2'] }),
      expect.objectContaining({ active: false, skus: ['COAT-1', 'COAT-2'] }),
    ]);
    // Reconciling (a worker restart, a flushed Redis) announces nothing twice.
    await t.jobs.pool!.reconcile();
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.ofType('promotion.started')).toHaveLength(1);
    expect(receiver.ofType('price.changed')).toHaveLength(2);
  });

  it('reschedules when a promotion moves, and a flushed Redis loses no boundary', async () => {
    const startsAt = Date.now() + 60_000;
    const res = await call('POST', '/v1/promotions', {
      name: 'Later',
      kind: 'amount_off',
      amount: 500,
      target: { skus: ['COAT-1'] },
      startsAt: new Date(startsAt).toISOString(),
    });
    expect(res.statusCode).toBe(201);
    const promotionId = res.json().id;
    await t.jobs.queues.lifecycle.obliterate({ force: true });
    await t.jobs.pool!.reconcile();
    const moved = Date.now() + 1500;
    const patch = await call('PATCH', `/v1/promotions/${promotionId}`, { startsAt: new Date(moved).toISOString() });
    expect(patch.statusCode).toBe(200);
    const started = await waitFor('moved start', () =>
      receiver.ofType('promotion.started').find((r) => r.json.data.promotionId === promotionId),
    );
    expect(started.json.id).toBe(`promotion.started:${promotionId}:${moved}`);
    expect(started.at - moved).toBeLessThan(1000);
    const delayed = await t.jobs.queues.lifecycle.getJob(`boundary~${promotionId}~${startsAt}`);
    // The stale job (if any) announces nothing: its instant is no longer a boundary.
    expect(delayed === undefined || (await delayed.getState()) === 'delayed').toBe(true);
  });

  it('announces promotion.sold_out when a sale empties the stock of a promoted SKU, once', async () => {
    await call('PUT', '/v1/products/LAST', { name: 'Last', listPrice: 1000, unitCost: 100 });
    await call('POST', '/v1/products/LAST/stock-movements', { delta: 2, reason: 'receipt' });
    const promo = await call('POST', '/v1/promotions', {
      name: 'Last units',
      kind: 'percent_off',
      percentBps: 1000,
      target: { skus: ['LAST'] },
      startsAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect(promo.statusCode).toBe(201);
    const shop = client(t.app, m.storefront);
    const held = await shop('POST', '/v1/reservations', { lines: [{ sku: 'LAST', quantity: 2 }] });
    expect(held.statusCode).toBe(201);
    expect((await shop('POST', `/v1/reservations/${held.json().id}/confirm`)).statusCode).toBe(200);
    const [soldOut] = await waitFor('promotion.sold_out', () => receiver.ofType('promotion.sold_out'));
    expect(soldOut!.json.data).toEqual({ promotionId: promo.json().id, reason: 'stock', sku: 'LAST' });
    await t.jobs.pool!.reconcile();
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.ofType('promotion.sold_out')).toHaveLength(1);
  });

  it('releases a lapsed hold from a job and announces reservation.expired', async () => {
    await call('POST', '/v1/products/COAT-2/stock-movements', { delta: 3, reason: 'receipt' });
    const shop = client(t.app, m.storefront);
    const held = await shop('POST', '/v1/reservations', { lines: [{ sku: 'COAT-2', quantity: 2 }], ttlSeconds: 60 });
    expect(held.statusCode).toBe(201);
    const id = held.json().id;
    // Let the hold lapse now, then run the sweep a worker runs every 30 s.
    const past = new Date(Date.now() - 1000);
    await t.ctx.db.updateTable('reservations').set({ expires_at: past }).where('id', '=', id).execute();
    await t.ctx.db.updateTable('holds').set({ expires_at: past }).where('reservation_id', '=', id).execute();
    await t.jobs.queues.reservations.add('sweep-expired', {});
    const [expired] = await waitFor('reservation.expired', () => receiver.ofType('reservation.expired'));
    expect(expired!.json).toMatchObject({ id: `reservation.expired:${id}`, data: { reservationId: id } });
    expect((await call('GET', '/v1/products/COAT-2')).json().stock).toMatchObject({ onHand: 3, reserved: 0 });
  });
});
