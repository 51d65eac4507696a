import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitEvent } from '../../src/db/events.ts';
import { client, createTestMerchant, type TestMerchant } from '../support/app.ts';
import { freshPrefix, type JobsTestApp, jobsAvailable, startJobsApp, startReceiver, waitFor } from '../support/jobs.ts';

const run = jobsAvailable('jobs-webhooks');

const verify = (secret: string, body: string, header: unknown) =>
  header === `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe.runIf(run)('webhooks on BullMQ', () => {
  let t: JobsTestApp;
  let m: TestMerchant;
  let call: ReturnType<typeof client>;
  beforeAll(async () => {
    t = await startJobsApp({ prefix: freshPrefix('webhooks') });
    m = await createTestMerchant(t.app);
    call = client(t.app, m.console);
    await waitFor('Redis', () => t.jobs.queue.isUp());
  });
  afterAll(async () => t?.close());

  it.each([
    [{ url: 'ftp://example.com/x', events: ['order.confirmed'] }, 'body/url'],
    [{ url: 'not a url', events: ['order.confirmed'] }, 'body/url'],
    [{ url: 'https://example.com/x', events: ['order.confirmed', 'order.shipped'] }, 'body/events/1'],
    [{ url: 'https://example.com/x', events: [] }, 'body/events'],
    [{ url: 'https://example.com/x', events: ['order.confirmed'], extra: 1 }, 'body/extra'],
  ])('rejects %j naming %s', async (payload, field) => {
    const res = await call('POST', '/v1/webhooks', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('bad_request');
    expect(res.json().message).toContain(field);
  });

  it('creates, lists, reads and deletes webhooks; other merchants see none', async () => {
    const created = await call('POST', '/v1/webhooks', { url: 'https://example.com/a', events: ['price.changed'] });
    expect(created.statusCode).toBe(201);
    const { id, secret } = created.json();
    expect(secret).toMatch(/^whsec_/);
    const one = await call('GET', `/v1/webhooks/${id}`);
    expect(one.json()).toMatchObject({ id, url: 'https://example.com/a', events: ['price.changed'] });
    expect(one.json().secret).toBeUndefined();
    const list = await call('GET', '/v1/webhooks?limit=500');
    expect(list.json().items.map((w: { id: string }) => w.id)).toContain(id);
    const other = await createTestMerchant(t.app);
    expect((await client(t.app, other.console)('GET', `/v1/webhooks/${id}`)).statusCode).toBe(404);
    expect((await client(t.app, other.console)('DELETE', `/v1/webhooks/${id}`)).statusCode).toBe(404);
    expect((await call('DELETE', `/v1/webhooks/${id}`)).statusCode).toBe(204);
    expect((await call('GET', `/v1/webhooks/${id}`)).statusCode).toBe(404);
    expect((await call('GET', `/v1/webhooks/${id}/deliveries`)).statusCode).toBe(404);
  });

  it('retries a receiver answering 500 twice, then 200, with the same event id and a valid signature', async () => {
    const receiver = await startReceiver((n) => (n <= 2 ? 500 : 200));
    try {
      const hook = (await call('POST', '/v1/webhooks', { url: receiver.url, events: ['stock.low'] })).json();
      await t.ctx.db.transaction().execute((trx) => emitEvent(trx, m.id, 'stock.low', { sku: 'A', available: 1 }));
      await waitFor('three attempts', () => receiver.requests.length >= 3);
      const ids = receiver.requests.map((r) => r.json.id);
      expect(new Set(ids).size).toBe(1);
      expect(receiver.requests[0]!.body).toBe(receiver.requests[2]!.body);
      for (const r of receiver.requests) {
        expect(r.json).toMatchObject({ type: 'stock.low', merchantId: m.id, data: { sku: 'A', available: 1 } });
        expect(verify(hook.secret, r.body, r.headers['x-signature'])).toBe(true);
        expect(verify('wrong-secret', r.body, r.headers['x-signature'])).toBe(false);
      }
      // Backoff is exponential: the second gap is longer than the first.
      const [a, b, c] = receiver.requests.map((r) => r.at) as [number, number, number];
      expect(c - b).toBeGreaterThan(b - a);
      const log = await waitFor('delivered in the log', async () => {
        const items = (await call('GET', `/v1/webhooks/${hook.id}/deliveries`)).json().items;
        return items[0]?.status === 'delivered' ? items : null;
      });
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ eventId: ids[0], eventType: 'stock.low', attempts: 3, lastStatusCode: 200 });
      await new Promise((r) => setTimeout(r, 600));
      expect(receiver.requests).toHaveLength(3);
    } finally {
      await receiver.close();
    }
  });

  it('delivers only the event types a webhook subscribed to, once per webhook', async () => {
    const receiver = await startReceiver();
    try {
      await call('POST', '/v1/webhooks', { url: receiver.url, events: ['import.completed'] });
      await call('POST', '/v1/webhooks', { url: `${receiver.url}?second`, events: ['import.completed', 'stock.low'] });
      await t.ctx.db.transaction().execute(async (trx) => {
        await emitEvent(trx, m.id, 'reservation.expired', { reservationId: 'r1' });
        await emitEvent(trx, m.id, 'import.completed', { importId: 'i1' }, 'import.completed:i1');
        await emitEvent(trx, m.id, 'import.completed', { importId: 'i1' }, 'import.completed:i1');
      });
      await waitFor('two deliveries', () => receiver.requests.length >= 2);
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.requests.map((r) => r.json.type)).toEqual(['import.completed', 'import.completed']);
      expect(receiver.requests.map((r) => r.json.id)).toEqual(['import.completed:i1', 'import.completed:i1']);
    } finally {
      await receiver.close();
    }
  });
});
