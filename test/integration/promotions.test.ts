import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestMerchant, startTestApp, type TestApp } from '../support/app.ts';
import { databaseKinds } from '../support/db.ts';

const HOUR = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(databaseKinds())('promotions API on %s', (kind) => {
  let t: TestApp;
  let call: ReturnType<typeof client>;
  let shop: ReturnType<typeof client>;
  let queries = 0;
  const product = async (
    sku: string,
    listPrice: number,
    unitCost: number,
    extra: Record<string, unknown> = {},
    onHand = 100,
  ) => {
    const res = await call('PUT', `/v1/products/${sku}`, { name: sku, listPrice, unitCost, ...extra });
    expect(res.statusCode).toBeLessThan(300);
    if (onHand) await call('POST', `/v1/products/${sku}/stock-movements`, { delta: onHand, reason: 'receipt' });
  };
  const live = { startsAt: iso(Date.now() - HOUR), endsAt: iso(Date.now() + 24 * HOUR) };

  beforeAll(async () => {
    t = await startTestApp({ kind, onQuery: () => queries++ });
    const m = await createTestMerchant(t.app, { name: 'Guarded', currency: 'USD', defaultMinMarginBps: 1000 });
    call = client(t.app, m.console);
    shop = client(t.app, m.storefront);
  });
  afterAll(async () => t?.close());

  it('creates a promotion and prices quotes with it, explaining every price', async () => {
    await product('PO-1', 1000, 100);
    const created = await call('POST', '/v1/promotions', {
      name: 'Thirty off',
      kind: 'percent_off',
      target: { skus: ['PO-1'] },
      percentBps: 3000,
      ...live,
    });
    expect(created.statusCode).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({ status: 'active', percentBps: 3000, counters: { unitsSold: 0, remainingCap: null } });
    const q = await shop('POST', '/v1/quotes', { lines: [{ sku: 'PO-1', quantity: 3 }] });
    expect(q.statusCode).toBe(200);
    expect(q.json()).toMatchObject({
      currency: 'USD',
      subtotal: 3000,
      discountTotal: 900,
      total: 2100,
      lines: [{ sku: 'PO-1', quantity: 3, listPrice: 1000, unitPrice: 700, total: 2100, floorClamped: false }],
      applied: [{ promotionId: p.id, name: 'Thirty off', kind: 'percent_off', units: 3, amount: 900 }],
      notApplied: [],
    });
  });

  it('derives status from time and state, lists by status, and pauses, resumes and ends', async () => {
    await product('ST-1', 1000, 100);
    const future = await call('POST', '/v1/promotions', {
      name: 'Later',
      kind: 'amount_off',
      target: { skus: ['ST-1'] },
      amount: 100,
      startsAt: iso(Date.now() + 48 * HOUR),
    });
    expect(future.json().status).toBe('scheduled');
    const now = (
      await call('POST', '/v1/promotions', {
        name: 'Now',
        kind: 'fixed_price',
        target: { skus: ['ST-1'] },
        price: 800,
        ...live,
      })
    ).json();
    const ids = async (status: string) =>
      (await call('GET', `/v1/promotions?status=${status}&limit=500`)).json().items.map((x: { id: string }) => x.id);
    expect(await ids('scheduled')).toContain(future.json().id);
    expect(await ids('active')).toContain(now.id);

    expect((await call('POST', `/v1/promotions/${now.id}/pause`)).json().status).toBe('paused');
    expect(await ids('paused')).toContain(now.id);
    const paused = (await shop('POST', '/v1/quotes', { lines: [{ sku: 'ST-1', quantity: 1 }] })).json();
    expect(paused.total).toBe(1000);
    expect(paused.notApplied).toContainEqual({ promotionId: now.id, reason: 'paused' });
    expect((await call('POST', `/v1/promotions/${now.id}/resume`)).json().status).toBe('active');
    expect((await shop('POST', '/v1/quotes', { lines: [{ sku: 'ST-1', quantity: 1 }] })).json().total).toBe(800);
    expect((await call('POST', `/v1/promotions/${now.id}/end`)).json().status).toBe('ended');
    expect(await ids('ended')).toContain(now.id);
    const again = await call('POST', `/v1/promotions/${now.id}/resume`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('invalid_state');
    expect((await shop('POST', '/v1/quotes', { lines: [{ sku: 'ST-1', quantity: 1 }] })).json().total).toBe(1000);
    const history = (await call('GET', `/v1/promotions/${now.id}/history`)).json().items;
    expect(history.map((h: { change: { action: string } }) => h.change.action)).toEqual([
      'create',
      'pause',
      'resume',
      'end',
    ]);
    expect(history[0].keyId).toBeTruthy();
    const events = (await t.ctx.db.selectFrom('outbox').selectAll().orderBy('id').execute()).filter(
      (e) => (e.data as { promotionId?: string }).promotionId === now.id,
    );
    expect(events.map((e) => [e.type, (e.data as { active?: boolean }).active])).toEqual([
      ['price.changed', false], // pause
      ['price.changed', true], // resume
      ['promotion.ended', undefined], // end
      ['price.changed', false],
    ]);
    expect((events[0]!.data as { skus: string[] }).skus).toEqual(['ST-1']);
  });

  it('patches a promotion and re-prices at once', async () => {
    await product('PA-1', 2000, 100);
    const p = (
      await call('POST', '/v1/promotions', {
        name: 'P',
        kind: 'percent_off',
        target: { skus: ['PA-1'] },
        percentBps: 1000,
        ...live,
      })
    ).json();
    const patched = await call('PATCH', `/v1/promotions/${p.id}`, { percentBps: 2500, stockCap: 10 });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ percentBps: 2500, stockCap: 10, counters: { remainingCap: 10 } });
    expect((await shop('POST', '/v1/quotes', { lines: [{ sku: 'PA-1', quantity: 1 }] })).json().total).toBe(1500);
    const history = (await call('GET', `/v1/promotions/${p.id}/history`)).json().items;
    expect(history[1].change).toEqual({
      action: 'update',
      changes: { percentBps: { from: 1000, to: 2500 }, stockCap: { from: null, to: 10 } },
    });
    expect((await call('PATCH', `/v1/promotions/${p.id}`, { kind: 'amount_off' })).statusCode).toBe(400);
  });

  it.each([
    [{ kind: 'bundle', items: [{ sku: 'V-1', quantity: 1 }], price: 100 }, 'body/items'],
    [{ kind: 'percent_off', target: { skus: ['V-1'] }, percentBps: 0 }, 'body/percentBps'],
    [{ kind: 'percent_off', target: { skus: ['V-1'] }, percentBps: 10001 }, 'body/percentBps'],
    [{ kind: 'percent_off', target: { skus: ['V-1'] } }, 'body/percentBps'],
    [
      { kind: 'percent_off', target: { skus: ['V-1'] }, percentBps: 100, endsAt: '2020-01-01T00:00:00Z' },
      'body/endsAt',
    ],
    [{ kind: 'percent_off', target: { skus: ['V-1'] }, percentBps: 100, items: [] }, 'body/items'],
    [{ kind: 'percent_off', target: { skus: ['V-1'] }, percentBps: 100, colour: 'red' }, 'body/colour'],
    [{ kind: 'tiered', target: { skus: ['V-1'] }, tiers: [] }, 'body/tiers'],
    [
      {
        kind: 'percent_off',
        target: { skus: ['V-1'] },
        percentBps: 100,
        dailyWindows: [{ days: ['mon'], from: '18:00', to: '20:00' }],
      },
      'body/timezone',
    ],
    [{ kind: 'percent_off', target: { skus: ['V-1'] }, percentBps: 100, timezone: 'Nowhere/City' }, 'body/timezone'],
  ])('rejects an invalid promotion %j naming %s, storing nothing', async (body, field) => {
    const before = (await call('GET', '/v1/promotions?limit=500')).json().items.length;
    const res = await call('POST', '/v1/promotions', { name: 'Bad', startsAt: '2026-01-01T00:00:00Z', ...body });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('bad_request');
    expect(res.json().message).toContain(field);
    expect((await call('GET', '/v1/promotions?limit=500')).json().items.length).toBe(before);
  });

  it('rejects a promotion below the margin floor (422), or clamps it at quote time when asked', async () => {
    // Cost 300 at the merchant's 10 % → floor 334; 70 % off 1000 would sell at 300.
    await product('MG-1', 1000, 300);
    expect((await call('GET', '/v1/products/MG-1')).json().floor).toBe(334);
    const body = { name: 'Deep', kind: 'percent_off', target: { skus: ['MG-1'] }, percentBps: 7000, ...live };
    const rejected = await call('POST', '/v1/promotions', body);
    expect(rejected.statusCode).toBe(422);
    expect(rejected.json()).toMatchObject({
      error: 'margin_floor_breach',
      details: { breaches: [{ sku: 'MG-1', floor: 334, price: 300 }] },
    });
    expect(rejected.json().message).toContain('MG-1');

    const preview = (await call('POST', '/v1/promotions/preview', body)).json();
    expect(preview).toEqual({
      breaches: [{ sku: 'MG-1', floor: 334, price: 300 }],
      skus: [{ sku: 'MG-1', listPrice: 1000, floor: 334, promoPrice: 300, marginBps: 0 }],
    });

    const clamped = await call('POST', '/v1/promotions', { ...body, onFloorBreach: 'clamp' });
    expect(clamped.statusCode).toBe(201);
    const q = (await shop('POST', '/v1/quotes', { lines: [{ sku: 'MG-1', quantity: 2 }] })).json();
    expect(q.lines[0]).toMatchObject({ unitPrice: 334, total: 668, floorClamped: true });
    expect(q.applied[0]).toMatchObject({ promotionId: clamped.json().id, amount: 1332 });
  });

  it('guards bundles by the worst case: floors 334 + 500 priced 800 → 422, priced 900 → accepted', async () => {
    await product('BU-A', 1000, 300); // floor 334
    await product('BU-B', 1000, 450); // floor 500
    const bundle = (price: number) => ({
      name: 'Pair',
      kind: 'bundle',
      items: [
        { sku: 'BU-A', quantity: 1 },
        { sku: 'BU-B', quantity: 1 },
      ],
      price,
      ...live,
    });
    const low = await call('POST', '/v1/promotions', bundle(800));
    expect(low.statusCode).toBe(422);
    expect(low.json().error).toBe('margin_floor_breach');
    expect(low.json().details.breaches.length).toBeGreaterThan(0);
    const ok = await call('POST', '/v1/promotions', bundle(900));
    expect(ok.statusCode).toBe(201);
    const q = (
      await shop('POST', '/v1/quotes', {
        lines: [
          { sku: 'BU-A', quantity: 1 },
          { sku: 'BU-B', quantity: 1 },
        ],
      })
    ).json();
    expect(q.total).toBe(900);
    expect(q.lines.every((l: { total: number }, i: number) => l.total >= [334, 500][i]!)).toBe(true);
  });

  it('a cost raised mid-promotion changes the next quote, not past orders', async () => {
    await product('CC-1', 1000, 100);
    await call('POST', '/v1/promotions', {
      name: 'Half',
      kind: 'percent_off',
      target: { skus: ['CC-1'] },
      percentBps: 5000,
      ...live,
    });
    const r = (await shop('POST', '/v1/reservations', { lines: [{ sku: 'CC-1', quantity: 1 }] })).json();
    const order = (await shop('POST', `/v1/reservations/${r.id}/confirm`)).json();
    expect(order.total).toBe(500);
    // Cost 540 at 10 % → floor 600: the live promotion now clamps at 600.
    await call('PUT', '/v1/products/CC-1', { name: 'CC-1', listPrice: 1000, unitCost: 540 });
    const q = (await shop('POST', '/v1/quotes', { lines: [{ sku: 'CC-1', quantity: 1 }] })).json();
    expect(q.lines[0]).toMatchObject({ unitPrice: 600, floorClamped: true });
    const lines = await t.ctx.db.selectFrom('order_lines').selectAll().where('order_id', '=', order.orderId).execute();
    expect(lines[0]).toMatchObject({ unit_price: 500, total: 500, unit_cost: 100 });
  });

  it('refuses a patch that would breach the floor', async () => {
    await product('PF-1', 1000, 300);
    const p = (
      await call('POST', '/v1/promotions', {
        name: 'x',
        kind: 'percent_off',
        target: { skus: ['PF-1'] },
        percentBps: 1000,
        ...live,
      })
    ).json();
    const res = await call('PATCH', `/v1/promotions/${p.id}`, { percentBps: 9000 });
    expect(res.statusCode).toBe(422);
    expect((await call('GET', `/v1/promotions/${p.id}`)).json().percentBps).toBe(1000);
  });

  it('answers GET /v1/prices for 200 SKUs from one round of queries', async () => {
    const skus = Array.from({ length: 200 }, (_, i) => `PR-${String(i).padStart(3, '0')}`);
    for (const sku of skus)
      await call('PUT', `/v1/products/${sku}`, { name: sku, listPrice: 1000, unitCost: 100, tags: ['bulk'] });
    await call('POST', '/v1/promotions', {
      name: 'Bulk',
      kind: 'percent_off',
      target: { tags: ['bulk'] },
      percentBps: 2000,
      stockCap: 50,
      ...live,
    });
    await call('POST', '/v1/products/PR-000/stock-movements', { delta: 10, reason: 'receipt' });
    await shop('GET', `/v1/prices?skus=${skus.slice(0, 2).join(',')}`); // warm the promotion index
    queries = 0;
    const res = await shop('GET', `/v1/prices?skus=${skus.join(',')}`);
    const used = queries;
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items).toHaveLength(200);
    expect(items[0]).toMatchObject({ sku: 'PR-000', listPrice: 1000, price: 800, remainingAtPrice: 10, available: 10 });
    expect(items[1]).toMatchObject({ sku: 'PR-001', available: 0, remainingAtPrice: 0 });
    expect(used).toBeLessThanOrEqual(3); // key lookup is cached; products + cap usage
  });

  it('rejects bad quotes with 4xx naming the problem', async () => {
    const dup = await shop('POST', '/v1/quotes', {
      lines: [
        { sku: 'PO-1', quantity: 1 },
        { sku: 'PO-1', quantity: 2 },
      ],
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error).toBe('duplicate_sku');
    const unknown = await shop('POST', '/v1/quotes', { lines: [{ sku: 'NOPE', quantity: 1 }] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ error: 'unknown_sku', details: { skus: ['NOPE'] } });
    const zero = await shop('POST', '/v1/quotes', { lines: [{ sku: 'PO-1', quantity: 0 }] });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().message).toContain('body/lines/0/quantity');
    expect((await shop('POST', '/v1/quotes', { lines: [] })).statusCode).toBe(400);
    expect((await shop('GET', '/v1/prices?skus=')).statusCode).toBe(400);
    expect((await shop('POST', '/v1/promotions', { name: 'x' })).statusCode).toBe(403);
  });
  it('clears daily windows, steps and the end of a promotion with null in a PATCH', async () => {
    await product('CL-1', 1000, 100);
    const p = (
      await call('POST', '/v1/promotions', {
        name: 'Evenings',
        kind: 'percent_off',
        target: { skus: ['CL-1'] },
        percentBps: 1000,
        steps: [{ afterSeconds: 3600, percentBps: 2000 }],
        timezone: 'UTC',
        dailyWindows: [{ days: ['mon'], from: '00:00', to: '00:01' }],
        ...live,
      })
    ).json();
    const res = await call('PATCH', `/v1/promotions/${p.id}`, {
      dailyWindows: null,
      timezone: null,
      steps: null,
      endsAt: null,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.dailyWindows).toBeUndefined();
    expect(body.steps).toBeUndefined();
    expect(body.endsAt).toBeNull();
    // No window any more: the promotion prices now, at its base 10 %.
    expect((await shop('POST', '/v1/quotes', { lines: [{ sku: 'CL-1', quantity: 1 }] })).json().total).toBe(900);
    const history = (await call('GET', `/v1/promotions/${p.id}/history`)).json().items;
    expect(Object.keys(history[1].change.changes).sort()).toEqual(['dailyWindows', 'endsAt', 'steps', 'timezone']);
    // A window without its timezone is still refused.
    const half = await call('PATCH', `/v1/promotions/${p.id}`, {
      dailyWindows: [{ days: ['mon'], from: '09:00', to: '10:00' }],
    });
    expect(half.statusCode).toBe(400);
    expect(half.json().message).toContain('body/timezone');
  });
});
