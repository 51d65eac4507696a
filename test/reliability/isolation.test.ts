import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import { createServiceContext } from '../../src/services/context.ts';
import { ADMIN_TOKEN, client } from '../support/app.ts';
import { freshDatabase, type TestDatabase } from '../support/db.ts';
import { tablesOf } from './lib/fingerprint.ts';
import { type OpenApiDoc, type Operation, operationsOf } from './lib/fuzz.ts';
import { idsFor, type SeededMerchant, seedMerchant } from './lib/seed.ts';

/**
 * Tenant isolation on every route of the OpenAPI document: another merchant's keys see 404 on this merchant's ids and
 * SKUs and never find them in a list; storefront keys get 403 on every console route; revoked keys get 401 everywhere;
 * keys are never logged (the real logger, redaction included, at trace level) and are stored only as hashes.
 */

/** Routes the HTTP contract opens to storefront keys (everything else under /v1 needs a console key, or the admin token). */
const STOREFRONT = new Set([
  'GET /v1/prices',
  'POST /v1/quotes',
  'GET /v1/catalog',
  'POST /v1/reservations',
  'GET /v1/reservations/{id}',
  'POST /v1/reservations/{id}/confirm',
  'POST /v1/reservations/{id}/cancel',
]);
const ADMIN = new Set(['POST /v1/merchants']);

/** A valid body for each route that names a resource by path and takes a body, so the request reaches the handler. */
const BODY: Record<string, unknown> = {
  'PUT /v1/products/{sku}': { name: 'Namesake', listPrice: 500, unitCost: 100 },
  'POST /v1/products/{sku}/stock-movements': { delta: 5, reason: 'receipt' },
  'PATCH /v1/promotions/{id}': { name: 'hijacked' },
};

const key = (op: Operation) => `${op.method} ${op.path}`;

/** Rows of every table that belong to a merchant (tables with a merchant_id column), as text. */
async function merchantRows(db: Db, merchantId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of await tablesOf(db)) {
    const cols = await sql<{ c: string }>`
      select column_name as c from information_schema.columns
      where table_schema = 'public' and table_name = ${table} and column_name = 'merchant_id'`.execute(db);
    if (cols.rows.length === 0) continue;
    const t = sql.table(table);
    const rows = await sql<{
      t: string;
    }>`select ${t}::text as t from ${t} where merchant_id = ${merchantId} order by 1`.execute(db);
    out[table] = rows.rows.map((r) => r.t);
  }
  return out;
}

describe('tenant isolation on every route', () => {
  let testDb: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let stop: () => Promise<void>;
  let log = '';
  let a: SeededMerchant;
  let b: SeededMerchant;
  let ops: Operation[];
  let aBefore: Record<string, string[]>;
  const issued: string[] = [];

  beforeAll(async () => {
    testDb = await freshDatabase();
    const config = loadConfig({ ADMIN_TOKEN, STOREFRONT_RATE_LIMIT: '0', LOG_LEVEL: 'trace' });
    const ctx = createServiceContext({ config, database: testDb.database });
    await ctx.start();
    // The service's own logger (redaction included) at its most talkative, writing into this string.
    const sink = new Writable({
      write(chunk, _enc, done) {
        log += chunk.toString();
        done();
      },
    });
    app = await buildApp({ ctx, logger: createLogger('trace', sink) });
    await app.ready();
    stop = async () => {
      await app.close();
      await ctx.stop();
      await testDb.drop();
    };
    a = await seedMerchant(app, 'Alpha', 'ISO-A');
    b = await seedMerchant(app, 'Bravo', 'ISO-B');
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as OpenApiDoc;
    ops = operationsOf(doc).filter((op) => op.path.startsWith('/v1/') && op.method !== 'HEAD');
    aBefore = await merchantRows(testDb.database.db, a.id);
  });
  afterAll(async () => stop?.());

  const call = (bearer: string, op: Operation, ids: Record<string, string> | undefined, body?: unknown) =>
    client(app, bearer)(
      op.method,
      op.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(ids?.[n] ?? 'none')),
      body ?? BODY[key(op)],
    );

  it("never shows A's resources in B's lists, prices, quotes, reports or previews", async () => {
    const markers = [
      a.id,
      ...a.skus,
      a.promotionId,
      a.reservationId,
      a.confirmedReservationId,
      a.webhookId,
      a.spareKeyId,
      a.importId,
      'Alpha',
      'ISO-A',
    ];
    const leaks: string[] = [];
    const check = (what: string, body: string) => {
      for (const m of markers) if (body.includes(m)) leaks.push(`${what} shows ${m}`);
    };
    const lists = ops.filter((op) => op.method === 'GET' && op.pathParams.length === 0);
    expect(lists.length).toBeGreaterThanOrEqual(7);
    for (const op of lists) {
      const query = op.path === '/v1/prices' ? `?skus=${b.skus.join(',')}` : '';
      for (const bearer of [b.console, b.storefront]) {
        if (bearer === b.storefront && !STOREFRONT.has(key(op))) continue;
        const res = await client(app, bearer)('GET', `${op.path}${query}`);
        expect(res.statusCode, `${key(op)} as B: ${res.body}`).toBe(200);
        check(key(op), res.body);
        // Filters that A's data would match, and small pages followed to the end.
        if (op.query.some((p) => p.name === 'tag'))
          check(`${key(op)}?tag`, (await client(app, bearer)('GET', `${op.path}?tag=ISO-A`)).body);
        if (op.query.some((p) => p.name === 'limit')) {
          let cursor: string | null = null;
          for (let page = 0; page < 20; page++) {
            const url = `${op.path}?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
            const res2 = await client(app, bearer)('GET', url);
            check(`${url} as B`, res2.body);
            cursor = res2.json().nextCursor ?? null;
            if (!cursor) break;
          }
        }
      }
    }
    const shop = client(app, b.storefront);
    const cons = client(app, b.console);
    const aPrices = (await client(app, a.storefront)('GET', `/v1/prices?skus=${a.skus.join(',')}`)).body;

    const price = await shop('GET', `/v1/prices?skus=${a.skus[0]}`);
    expect(price.statusCode).toBe(422);
    expect(price.json()).toMatchObject({ error: 'unknown_sku', details: { skus: [a.skus[0]] } });
    const quote = await shop('POST', '/v1/quotes', { lines: [{ sku: a.skus[0], quantity: 1 }] });
    expect(quote.statusCode).toBe(422);
    const hold = await shop('POST', '/v1/reservations', { lines: [{ sku: a.skus[2], quantity: 1 }] });
    expect(hold.statusCode).toBe(422);
    expect((await cons('GET', `/v1/reports/sell-through?promotionId=${a.promotionId}`)).statusCode).toBe(404);
    const plan = await cons('POST', '/v1/planner/markdown', {
      skus: [a.skus[0]],
      deadline: new Date(Date.now() + 14 * 86_400_000).toISOString(),
      demand: { ratePerPeriod: 1, elasticity: 1, decayPerPeriod: 0 },
    });
    expect([404, 422]).toContain(plan.statusCode);
    check('planner', plan.body.replaceAll(a.skus[0]!, ''));
    const apply = await cons('POST', '/v1/planner/markdown/apply', {
      sku: a.skus[0],
      steps: [{ at: new Date(Date.now() + 86_400_000).toISOString(), percentBps: 1000 }],
    });
    expect([404, 422]).toContain(apply.statusCode);

    // B's deepest discount aimed at A's SKUs and tag reaches none of A's products.
    const promo = {
      name: 'reach',
      kind: 'percent_off',
      target: { skus: a.skus, tags: ['ISO-A', 'ISO-B'] },
      percentBps: 9000,
      onFloorBreach: 'clamp',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
    };
    const preview = await cons('POST', '/v1/promotions/preview', promo);
    expect(preview.statusCode).toBe(200);
    expect(
      preview
        .json()
        .skus.map((s: { sku: string }) => s.sku)
        .sort(),
    ).toEqual([...b.skus].sort());
    expect((await cons('POST', '/v1/promotions', promo)).statusCode).toBe(201);
    expect((await client(app, a.storefront)('GET', `/v1/prices?skus=${a.skus.join(',')}`)).body).toBe(aPrices);
    expect(leaks).toEqual([]);
  });

  it("gives another merchant's keys 404 on every route that names one of A's resources", async () => {
    const named = ops.filter((op) => op.pathParams.length > 0);
    expect(named.length).toBeGreaterThanOrEqual(15);
    // Namesake PUT last: it creates B's own product with A's SKU, which later calls would then find (as B's).
    named.sort((x, y) => Number(key(x) === 'PUT /v1/products/{sku}') - Number(key(y) === 'PUT /v1/products/{sku}'));
    for (const op of named) {
      const ids = idsFor(a, op.path);
      if (!ids) throw new Error(`${key(op)}: the isolation matrix does not know which of A's ids to use`);
      if (op.body && !(key(op) in BODY)) throw new Error(`${key(op)}: add a valid body to BODY`);
      // The ids are real: A's own key reaches them (reads only, so nothing changes).
      if (op.method === 'GET') {
        const own = await call(STOREFRONT.has(key(op)) ? a.storefront : a.console, op, ids);
        expect(own.statusCode, `${key(op)} as A`).toBe(200);
      }
      const asConsole = await call(b.console, op, ids);
      if (key(op) === 'PUT /v1/products/{sku}') {
        // SKUs are per merchant: B may name its own product the same; A's stays A's (checked below).
        expect(asConsole.statusCode, key(op)).toBe(201);
      } else {
        expect(asConsole.statusCode, `${key(op)} with B's console key: ${asConsole.body}`).toBe(404);
        expect(asConsole.json().error).toBe('not_found');
      }
      const asShop = await call(b.storefront, op, ids);
      const expected = STOREFRONT.has(key(op)) ? 404 : 403;
      expect(asShop.statusCode, `${key(op)} with B's storefront key: ${asShop.body}`).toBe(expected);
    }
  });

  it('leaves every row of A exactly as it was after all of B’s attempts', async () => {
    expect(await merchantRows(testDb.database.db, a.id)).toEqual(aBefore);
  });

  it('gives storefront keys 403 on every console route and non-admin keys 401 on admin routes', async () => {
    const consoleOps = ops.filter((op) => !STOREFRONT.has(key(op)) && !ADMIN.has(key(op)));
    expect(consoleOps.length).toBeGreaterThanOrEqual(25);
    for (const op of consoleOps) {
      const res = await call(a.storefront, op, idsFor(a, op.path), BODY[key(op)] ?? (op.body ? {} : undefined));
      expect(res.statusCode, `${key(op)} with a storefront key: ${res.body}`).toBe(403);
      expect(res.json().error).toBe('forbidden');
    }
    for (const op of ops.filter((o) => ADMIN.has(key(o)))) {
      for (const bearer of [a.console, a.storefront]) {
        const res = await call(bearer, op, undefined, { name: 'x', currency: 'USD' });
        expect(res.statusCode, key(op)).toBe(401);
      }
    }
    // The storefront routes are documented as such.
    for (const name of STOREFRONT) expect(ops.map(key)).toContain(name);
  });

  it('gives revoked keys 401 on every route', async () => {
    const cons = client(app, b.console);
    const revoked: string[] = [];
    for (const role of ['console', 'storefront'] as const) {
      const k = (await cons('POST', '/v1/api-keys', { role })).json();
      issued.push(k.key);
      const probe = role === 'console' ? '/v1/merchant' : `/v1/prices?skus=${b.skus[0]}`;
      expect((await client(app, k.key)('GET', probe)).statusCode).toBe(200);
      expect((await cons('DELETE', `/v1/api-keys/${k.id}`)).statusCode).toBe(204);
      revoked.push(k.key);
    }
    for (const op of ops.filter((o) => !ADMIN.has(key(o)))) {
      for (const bearer of revoked) {
        const res = await call(bearer, op, idsFor(b, op.path), BODY[key(op)] ?? (op.body ? {} : undefined));
        expect(res.statusCode, `${key(op)} with a revoked key`).toBe(401);
        expect(res.json().error).toBe('unauthorized');
      }
    }
  });

  it('never writes a key to the log, and stores keys only as hashes', async () => {
    const keys = [a.console, a.storefront, b.console, b.storefront, ...issued];
    expect(log.length).toBeGreaterThan(10_000); // the logger really was writing (every request, at trace)
    expect(log).toContain('incoming request');
    for (const k of [...keys, ADMIN_TOKEN])
      expect(log.includes(k), `a key is in the log: ${k.slice(0, 6)}…`).toBe(false);
    // Whatever shape a key takes in a log call (a request's headers, a created merchant, an issued key, a webhook
    // secret), the logger's redaction censors it.
    let probe = '';
    const sink = new Writable({
      write: (c, _e, done) => {
        probe += c.toString();
        done();
      },
    });
    const logger = createLogger('trace', sink);
    logger.info({ req: { headers: { authorization: `Bearer ${a.console}` } } }, 'request');
    logger.info({ headers: { authorization: `Bearer ${a.storefront}` } }, 'headers');
    logger.info({ merchant: { apiKeys: { console: b.console, storefront: b.storefront } } }, 'merchant');
    logger.info({ apiKeys: { console: b.console } }, 'apiKeys');
    logger.info({ issued: { id: 'k', key: issued[0] } }, 'issued');
    logger.info({ hook: { secret: 'whsec_do_not_log' } }, 'webhook');
    expect(probe).toContain('[redacted]');
    for (const k of [...keys, 'whsec_do_not_log'])
      expect(probe.includes(k), `redaction missed ${k.slice(0, 6)}…`).toBe(false);
    const db = testDb.database.db;
    for (const table of await tablesOf(db)) {
      const t = sql.table(table);
      const rows = await sql<{ t: string }>`select ${t}::text as t from ${t}`.execute(db);
      const text = rows.rows.map((r) => r.t).join('\n');
      for (const k of keys) expect(text.includes(k), `${table} holds a key in clear`).toBe(false);
    }
  });
});
