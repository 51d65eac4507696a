import type { FastifyInstance } from 'fastify';
import { client, createTestMerchant, type TestMerchant } from '../../support/app.ts';

/** One merchant with one of everything a route can name by id or SKU. */
export interface SeededMerchant extends TestMerchant {
  skus: string[];
  promotionId: string;
  reservationId: string;
  confirmedReservationId: string;
  webhookId: string;
  /** A second console key (so DELETE /v1/api-keys/{id} has a target that is not the caller). */
  spareKeyId: string;
  importId: string;
}

function ok(what: string, res: { statusCode: number; body: string }, ...expected: number[]) {
  if (!expected.includes(res.statusCode)) throw new Error(`${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return JSON.parse(res.body || 'null');
}

/** Creates a merchant through the API and gives it products, a promotion, held and confirmed carts, a webhook… */
export async function seedMerchant(app: FastifyInstance, name: string, prefix = name): Promise<SeededMerchant> {
  const m = await createTestMerchant(app, { name, currency: 'USD', timezone: 'America/New_York' });
  const call = client(app, m.console);
  const shop = client(app, m.storefront);
  const skus = [`${prefix}-1`, `${prefix}-2`, `${prefix}-3`];
  for (const sku of skus) {
    ok(
      'product',
      await call('PUT', `/v1/products/${sku}`, { name: sku, listPrice: 1000, unitCost: 300, tags: [prefix] }),
      201,
    );
    ok('stock', await call('POST', `/v1/products/${sku}/stock-movements`, { delta: 100, reason: 'receipt' }), 200);
  }
  const promo = ok(
    'promotion',
    await call('POST', '/v1/promotions', {
      name: `${name} sale`,
      kind: 'percent_off',
      target: { skus: [skus[0]] },
      percentBps: 2000,
      stockCap: 50,
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
    }),
    201,
  );
  const held = ok('reserve', await shop('POST', '/v1/reservations', { lines: [{ sku: skus[0], quantity: 1 }] }), 201);
  const sold = ok('reserve', await shop('POST', '/v1/reservations', { lines: [{ sku: skus[1], quantity: 2 }] }), 201);
  ok('confirm', await shop('POST', `/v1/reservations/${sold.id}/confirm`), 200);
  const hook = ok(
    'webhook',
    await call('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['order.confirmed'] }),
    201,
  );
  const spare = ok('key', await call('POST', '/v1/api-keys', { role: 'console' }), 201);
  const imp = ok(
    'import',
    await call('POST', '/v1/imports/products', `sku,name,listPrice,unitCost,tags,onHand\n${prefix}-9,x,10,5,,1\n`, {
      'content-type': 'text/csv',
    }),
    202,
  );
  return {
    ...m,
    skus,
    promotionId: promo.id,
    reservationId: held.id,
    confirmedReservationId: sold.id,
    webhookId: hook.id,
    spareKeyId: spare.id,
    importId: imp.jobId,
  };
}

/** The merchant's own id for each path parameter of a route template, or undefined for routes without one. */
export function idsFor(m: SeededMerchant, path: string): Record<string, string> | undefined {
  if (path.includes('{sku}')) return { sku: m.skus[0]! };
  if (path.startsWith('/v1/promotions/{id}')) return { id: m.promotionId };
  if (path.startsWith('/v1/reservations/{id}')) return { id: m.reservationId };
  if (path.startsWith('/v1/webhooks/{id}')) return { id: m.webhookId };
  if (path.startsWith('/v1/api-keys/{id}')) return { id: m.spareKeyId };
  if (path.startsWith('/v1/jobs/{jobId}')) return { jobId: m.importId };
  return undefined;
}
