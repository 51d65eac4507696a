import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../../src/db/api-keys.ts';
import { ADMIN_TOKEN, client, createTestMerchant, startTestApp, type TestApp } from '../support/app.ts';
import { databaseKinds } from '../support/db.ts';

describe.each(databaseKinds())('foundation on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(async () => t?.close());

  it('serves /health with db and queue status, without auth', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'degraded', db: 'up', queue: 'down' });
  });

  it('serves the OpenAPI document and the docs UI', async () => {
    const json = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(json.statusCode).toBe(200);
    expect(json.json().paths['/v1/merchants']).toBeDefined();
    const ui = await t.app.inject({ method: 'GET', url: '/docs' });
    expect([200, 302]).toContain(ui.statusCode);
  });

  it('creates merchants only with the admin token', async () => {
    const payload = { name: 'A', currency: 'USD' };
    const none = await t.app.inject({ method: 'POST', url: '/v1/merchants', payload });
    expect(none.statusCode).toBe(401);
    expect(none.json().error).toBe('unauthorized');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/v1/merchants',
      payload,
      headers: { authorization: 'Bearer not-the-admin-token' },
    });
    expect(wrong.statusCode).toBe(401);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/v1/merchants',
      payload: { ...payload, timezone: 'Asia/Shanghai', defaultMinMarginBps: 1500 },
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(ok.statusCode).toBe(201);
    const m = ok.json();
    expect(m).toMatchObject({ name: 'A', currency: 'USD', timezone: 'Asia/Shanghai', defaultMinMarginBps: 1500 });
    expect(m.apiKeys.console).toMatch(/^ck_/);
    expect(m.apiKeys.storefront).toMatch(/^sk_/);
  });

  it('stores keys only as SHA-256 hashes', async () => {
    const m = await createTestMerchant(t.app);
    const rows = await t.ctx.db.selectFrom('api_keys').selectAll().where('merchant_id', '=', m.id).execute();
    expect(rows).toHaveLength(2);
    const hashes = rows.map((r) => r.key_hash).sort();
    expect(hashes).toEqual([hashKey(m.console), hashKey(m.storefront)].sort());
    expect(JSON.stringify(rows)).not.toContain(m.console);
  });

  it.each([
    [{ currency: 'USD' }, 'body/name'],
    [{ name: 'x', currency: 'usd' }, 'body/currency'],
    [{ name: 'x', currency: 'XYZ' }, 'body/currency'],
    [{ name: 'x', currency: 'USD', timezone: 'Mars/Olympus' }, 'body/timezone'],
    [{ name: 'x', currency: 'USD', defaultMinMarginBps: 10000 }, 'body/defaultMinMarginBps'],
    [{ name: 'x', currency: 'USD', defaultMinMarginBps: '10' }, 'body/defaultMinMarginBps'],
    [{ name: 'x', currency: 'USD', color: 'red' }, 'body/color'],
  ])('rejects bad merchant body %j naming %s', async (payload, field) => {
    const before = await t.ctx.db
      .selectFrom('merchants')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/merchants',
      payload,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('bad_request');
    expect(res.json().message).toContain(field);
    const after = await t.ctx.db
      .selectFrom('merchants')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(after).toEqual(before);
  });

  it('answers malformed JSON and wrong content types with 4xx, never 500', async () => {
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const bad = await t.app.inject({ method: 'POST', url: '/v1/merchants', payload: '{"name":', headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('bad_request');
    const xml = await t.app.inject({
      method: 'POST',
      url: '/v1/merchants',
      payload: '<x/>',
      headers: { ...headers, 'content-type': 'application/xml' },
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error).toBe('unsupported_media_type');
  });

  it('needs a key (401), the right role (403), and hides other merchants (404)', async () => {
    const a = await createTestMerchant(t.app);
    const b = await createTestMerchant(t.app);
    expect((await t.app.inject({ method: 'GET', url: '/v1/merchant' })).statusCode).toBe(401);
    expect((await client(t.app, 'ck_nope')('GET', '/v1/merchant')).statusCode).toBe(401);
    const asStore = await client(t.app, a.storefront)('GET', '/v1/merchant');
    expect(asStore.statusCode).toBe(403);
    expect(asStore.json().error).toBe('forbidden');
    const me = await client(t.app, a.console)('GET', '/v1/merchant');
    expect(me.json().id).toBe(a.id);

    const issued = await client(t.app, a.console)('POST', '/v1/api-keys', { role: 'storefront' });
    expect(issued.statusCode).toBe(201);
    const keyId = issued.json().id;
    const fromB = await client(t.app, b.console)('DELETE', `/v1/api-keys/${keyId}`);
    expect(fromB.statusCode).toBe(404);
    expect(fromB.json().error).toBe('not_found');
    const bList = await client(t.app, b.console)('GET', '/v1/api-keys');
    expect(bList.json().items.map((k: { id: string }) => k.id)).not.toContain(keyId);
  });

  it('revoked keys get 401', async () => {
    const a = await createTestMerchant(t.app);
    const call = client(t.app, a.console);
    const issued = (await call('POST', '/v1/api-keys', { role: 'console' })).json();
    expect((await client(t.app, issued.key)('GET', '/v1/merchant')).statusCode).toBe(200);
    expect((await call('DELETE', `/v1/api-keys/${issued.id}`)).statusCode).toBe(204);
    const after = await client(t.app, issued.key)('GET', '/v1/merchant');
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toBe('unauthorized');
  });

  it('updates the merchant default margin and records it', async () => {
    const a = await createTestMerchant(t.app);
    const res = await client(t.app, a.console)('PATCH', '/v1/merchant', { defaultMinMarginBps: 2500 });
    expect(res.statusCode).toBe(200);
    expect(res.json().defaultMinMarginBps).toBe(2500);
    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('merchant_id', '=', a.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.change).toEqual({ defaultMinMarginBps: 2500 });
  });

  it('gives unknown routes the error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not_found' });
  });
});
