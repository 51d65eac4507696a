import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createMerchant } from '../../src/services/merchants.ts';
import { announceSkip } from '../support/db.ts';
import { type Cluster, EVENT_TYPES, startCluster } from './lib/cluster.ts';
import { errorShapeProblem, Tally } from './lib/contract.ts';
import { violations } from './lib/invariants.ts';
import { http, sleep, until } from './lib/processes.ts';
import { type CountingReceiver, startCountingReceiver } from './lib/receiver.ts';
import { type OwnPostgres, type OwnRedis, serversUnavailable, startOwnPostgres, startOwnRedis } from './lib/servers.ts';

const missing = serversUnavailable();
if (missing) announceSkip('reliability faults (own PostgreSQL and Redis restarted mid-load)', missing);

/**
 * Faults on throwaway servers (never the shared ones): PostgreSQL restarted under load — requests get 503 `unavailable`
 * while it is down and succeed again without restarting the service; Redis restarted (losing every queued job) — the
 * API keeps serving, events wait in the outbox and are delivered afterwards, each once.
 */
describe.runIf(!missing)('faults: PostgreSQL and Redis restarts under load', () => {
  let pg: OwnPostgres;
  let redis: OwnRedis;
  let database: Database;
  let cluster: Cluster;
  let receiver: CountingReceiver;
  let merchantId: string;
  let consoleKey: string;
  let storefrontKey: string;
  let since: Date;
  const api = (i: number, key = storefrontKey) => http(cluster.apis[i]!.url, key);

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
    const admin = await openDatabase({ databaseUrl: pg.url, poolSize: 1 });
    await sql`create database faults`.execute(admin.db);
    await admin.close();
    database = await openDatabase({ databaseUrl: pg.urlOf('faults'), poolSize: 3 });
    await migrateToLatest(database.db);
    const m = await createMerchant(database, { name: 'Faults', currency: 'USD' });
    merchantId = m.id;
    consoleKey = m.apiKeys.console;
    storefrontKey = m.apiKeys.storefront;
    receiver = await startCountingReceiver();
    cluster = await startCluster({
      databaseUrl: pg.urlOf('faults'),
      redisUrl: redis.url,
      prefix: 'faults',
      apis: 2,
      workers: 1,
    });
    const c = api(0, consoleKey);
    const hook = await c('POST', '/v1/webhooks', { url: receiver.url, events: EVENT_TYPES });
    expect(hook.status).toBe(201);
    since = new Date(hook.json.createdAt);
    for (const sku of ['F-1', 'F-2', 'F-3']) {
      expect((await c('PUT', `/v1/products/${sku}`, { name: sku, listPrice: 1000, unitCost: 100 })).status).toBe(201);
      await c('POST', `/v1/products/${sku}/stock-movements`, { delta: 1_000_000, reason: 'receipt' });
    }
  }, 120_000);

  afterAll(async () => {
    for (const p of [...(cluster?.apis ?? []), ...(cluster?.workers ?? [])]) {
      if (!p.alive()) console.error(`${p.name} died:\n${p.output().slice(-3000)}`);
    }
    await cluster?.stop();
    await receiver?.close();
    await database?.close();
    pg?.destroy();
    await redis?.destroy();
  });

  /** Storefront and console traffic from `loops` concurrent clients over both APIs until `stop()`. */
  function load(loops: number) {
    const seen: { at: number; status: number; error?: string; body: string; retryAfter: string | null }[] = [];
    let running = true;
    let n = 0;
    const one = async (i: number) => {
      const k = n++;
      const a = api(i % 2);
      const sku = `F-${1 + (k % 3)}`;
      switch (k % 5) {
        case 0:
          return a('POST', '/v1/quotes', { lines: [{ sku, quantity: 2 }] });
        case 1:
          return a('GET', '/v1/prices?skus=F-1,F-2,F-3');
        case 2: {
          const r = await a('POST', '/v1/reservations', { lines: [{ sku, quantity: 1 }], customerId: `f${k}` });
          if (r.status !== 201) return r;
          return a('POST', `/v1/reservations/${r.json.id}/${k % 2 ? 'confirm' : 'cancel'}`);
        }
        case 3:
          return api(i % 2, consoleKey)('GET', `/v1/products/${sku}`);
        default:
          return api(i % 2, consoleKey)('GET', '/v1/promotions?limit=5');
      }
    };
    const loop = async (i: number) => {
      while (running) {
        try {
          const r = await one(i);
          seen.push({ at: Date.now(), status: r.status, body: r.text, retryAfter: r.headers.get('retry-after') });
        } catch (err) {
          seen.push({
            at: Date.now(),
            status: 0,
            error: String((err as Error).cause ?? err),
            body: '',
            retryAfter: null,
          });
          await sleep(50);
        }
      }
    };
    const loopsDone = Promise.all(Array.from({ length: loops }, (_, i) => loop(i)));
    return {
      seen,
      async stop() {
        running = false;
        await loopsDone;
      },
    };
  }

  it('answers 503 unavailable while PostgreSQL is down and recovers by itself when it is back', async () => {
    const pids = cluster.apis.map((p) => p.child.pid);
    const traffic = load(8);
    await sleep(1500);
    const downAt = Date.now();
    pg.stop('fast');
    await sleep(1000);
    // Health answers at once, and says what is down.
    const health = await http(cluster.apis[0]!.url)('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ status: 'degraded', db: 'down' });
    expect(health.ms).toBeLessThan(3000);
    // A key the API has not seen (so its lookup needs the database) is "unavailable", not "unauthorized".
    const unseen = await http(cluster.apis[1]!.url, 'sk_never_seen_before_0000000000')('GET', '/v1/prices?skus=F-1');
    expect(unseen.status).toBe(503);
    expect(unseen.json.error).toBe('unavailable');
    await sleep(1500);
    pg.start();
    const upAt = Date.now();
    await sleep(4000);
    await traffic.stop();

    const statuses = new Tally();
    for (const s of traffic.seen) statuses.add(String(s.status));
    const during = traffic.seen.filter((s) => s.at > downAt + 200 && s.at < upAt);
    const unexpected = traffic.seen.filter((s) => ![200, 201, 409, 503].includes(s.status));
    expect(unexpected.map((s) => `${s.status} ${s.error ?? s.body.slice(0, 200)}`)).toEqual([]);
    const unavailable = traffic.seen.filter((s) => s.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const s of unavailable) {
      expect(errorShapeProblem(503, s.body)).toBeNull();
      expect(JSON.parse(s.body).error).toBe('unavailable');
      expect(s.retryAfter).not.toBeNull();
    }
    expect(during.filter((s) => s.status < 300).length).toBeLessThan(during.length / 2 + 1);
    // Recovered without a restart: the same processes answer again, and the last second is all successes.
    const firstOk = traffic.seen.find((s) => s.at > upAt && s.status >= 200 && s.status < 300);
    expect(firstOk).toBeDefined();
    const tail = traffic.seen.filter((s) => s.at > Date.now() - 1500);
    expect(tail.length).toBeGreaterThan(10);
    expect(tail.filter((s) => s.status >= 500)).toEqual([]);
    expect(cluster.apis.map((p) => p.alive() && p.child.pid)).toEqual(pids);
    expect(cluster.workers.map((w) => w.alive())).toEqual([true]);
    expect((await http(cluster.apis[1]!.url)('GET', '/health')).json.db).toBe('up');
    expect(await violations(database.db)).toEqual([]);
    console.log(
      `faults PostgreSQL restart: ${traffic.seen.length} requests (${statuses}); down ${upAt - downAt} ms; ` +
        `first success ${firstOk!.at - upAt} ms after it was back`,
    );
  }, 60_000);

  it('still prices an edit on one API on the other within 1 s after the restart', async () => {
    const c = api(0, consoleKey);
    const promo = await c('POST', '/v1/promotions', {
      name: 'after restart',
      kind: 'percent_off',
      target: { skus: ['F-3'] },
      percentBps: 1000,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(promo.status).toBe(201);
    await until(
      'api2 to price the new promotion',
      async () => (await api(1)('GET', '/v1/prices?skus=F-3')).json.items[0].price === 900,
      5000,
    );
    const patched = await api(0, consoleKey)('PATCH', `/v1/promotions/${promo.json.id}`, { percentBps: 2500 });
    expect(patched.status).toBe(200);
    const at = performance.now();
    await until(
      'api2 to price the edit',
      async () => (await api(1)('GET', '/v1/prices?skus=F-3')).json.items[0].price === 750,
      1000,
      10,
    );
    console.log(
      `faults: edit priced on the other API ${(performance.now() - at).toFixed(0)} ms after a PostgreSQL restart`,
    );
  }, 30_000);

  it('keeps serving while Redis is away and delivers every event once when it is back', async () => {
    const confirmOne = async (i: number) => {
      const r = await api(i % 2)('POST', '/v1/reservations', { lines: [{ sku: 'F-2', quantity: 1 }] });
      expect(r.status, r.text).toBe(201);
      const c = await api((i + 1) % 2)('POST', `/v1/reservations/${r.json.id}/confirm`);
      expect(c.status, c.text).toBe(200);
      return c.json.orderId as string;
    };
    const orders: string[] = [];
    for (let i = 0; i < 10; i++) orders.push(await confirmOne(i));
    await redis.stop();
    const downAt = Date.now();
    await until(
      'the API to notice Redis is gone',
      async () => (await http(cluster.apis[0]!.url)('GET', '/health')).json.queue === 'down',
      10_000,
    );
    let outage = 0;
    while (Date.now() - downAt < 2500) {
      const started = Date.now();
      orders.push(await confirmOne(outage++));
      expect(Date.now() - started).toBeLessThan(3000); // never waits on the dead Redis
    }
    await redis.start();
    const upAt = Date.now();
    const events = await until(
      'every event delivered after Redis came back',
      async () => {
        const rows = await database.db
          .selectFrom('outbox')
          .select(['event_id', 'type'])
          .where('merchant_id', '=', merchantId)
          .where('created_at', '>=', since)
          .execute();
        const acked = receiver.ackedIds();
        return rows.every((e) => acked.has(e.event_id)) ? rows : null;
      },
      60_000,
      100,
    );
    const drainMs = Date.now() - upAt;
    await sleep(1500);
    const confirmed = new Set(
      receiver
        .distinct()
        .filter((d) => d.type === 'order.confirmed')
        .map((d) => d.data.orderId as string),
    );
    expect(orders.filter((o) => !confirmed.has(o))).toEqual([]);
    expect(receiver.duplicates()).toBe(0);
    expect(new Set(receiver.distinct().map((d) => d.id))).toEqual(new Set(events!.map((e) => e.event_id)));
    expect(await violations(database.db)).toEqual([]);
    console.log(
      `faults Redis restart: ${outage} orders during a ${upAt - downAt} ms outage; all ${events!.length} events delivered ` +
        `${drainMs} ms after Redis returned; 0 lost, 0 duplicated`,
    );
  }, 90_000);
});
