/**
 * `npm run soak`: the reliability suite's long run. Two API processes and two workers on throwaway PostgreSQL and
 * Redis servers, under mixed storefront and console traffic, fuzzed requests and cross-merchant probes, with a fault
 * every minute or so (PostgreSQL restart, Redis restart, worker SIGKILL, API SIGTERM, API SIGKILL). At the end it
 * waits for the outbox to drain and reports: requests, cases fuzzed, faults injected, events lost, duplicates,
 * oversells, 5xx answers to bad input, cross-merchant leaks, quote latency. Exit code 1 when any check fails.
 *
 *   SOAK_MINUTES=10 (default) · SOAK_CONCURRENCY=12 (default)
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createMerchant } from '../../src/services/merchants.ts';
import { type Cluster, EVENT_TYPES, startCluster } from './lib/cluster.ts';
import { errorShapeProblem, Tally } from './lib/contract.ts';
import { type OpenApiDoc, operationsOf } from './lib/fuzz.ts';
import { violations } from './lib/invariants.ts';
import { http, percentile, sleep, until } from './lib/processes.ts';
import { startCountingReceiver } from './lib/receiver.ts';
import { malformedRequestArb } from './lib/requests.ts';
import { serversUnavailable, startOwnPostgres, startOwnRedis } from './lib/servers.ts';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 12);
const FAULT_EVERY_MS = Math.max(20_000, Math.min(70_000, (MINUTES * 60_000) / 9));
const log = (msg: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${msg}`);

async function main(): Promise<number> {
  const missing = serversUnavailable();
  if (missing) {
    console.error(`soak needs ${missing}`);
    return 2;
  }
  const [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
  const admin = await openDatabase({ databaseUrl: pg.url, poolSize: 1 });
  await sql`create database soak`.execute(admin.db);
  await admin.close();
  const database = await openDatabase({ databaseUrl: pg.urlOf('soak'), poolSize: 3 });
  await migrateToLatest(database.db);
  const db = database.db;
  const a = await createMerchant(database, { name: 'Soak A', currency: 'USD' });
  const b = await createMerchant(database, { name: 'Soak B', currency: 'EUR' });
  const receiver = await startCountingReceiver();
  log(`starting 2 APIs and 2 workers on PostgreSQL :${pg.port} and Redis :${redis.port} for ${MINUTES} min`);
  const cluster: Cluster = await startCluster({
    databaseUrl: pg.urlOf('soak'),
    redisUrl: redis.url,
    prefix: 'soak',
    apis: 2,
    workers: 2,
    env: { DATABASE_POOL_SIZE: '15', RECONCILE_MS: '5000', WEBHOOK_ATTEMPTS: '30' },
  });
  const api = (key: string) => http(cluster.apis[Math.floor(Math.random() * cluster.apis.length)]!.url, key);
  let report: Record<string, unknown> = {};
  try {
    // --- catalog, promotions, webhooks ---------------------------------------------------------------------------
    const skus = Array.from({ length: 12 }, (_, i) => `S-${i}`);
    for (const sku of skus) {
      await api(a.apiKeys.console)('PUT', `/v1/products/${sku}`, {
        name: sku,
        listPrice: 1000 + 100 * Number(sku.slice(2)),
        unitCost: 300,
        tags: [Number(sku.slice(2)) % 2 ? 'odd' : 'even'],
      });
      await api(a.apiKeys.console)('POST', `/v1/products/${sku}/stock-movements`, { delta: 5000, reason: 'receipt' });
    }
    await api(b.apiKeys.console)('PUT', '/v1/products/B-1', { name: 'b', listPrice: 500, unitCost: 100 });
    const started = new Date(Date.now() - 60_000).toISOString();
    const promos: string[] = [];
    for (const body of [
      {
        name: 'Flash',
        kind: 'percent_off',
        target: { skus: ['S-0', 'S-1'] },
        percentBps: 3000,
        stockCap: 400,
        perCustomerLimit: 3,
        startsAt: started,
      },
      { name: 'Odd', kind: 'amount_off', target: { tags: ['odd'] }, amount: 150, startsAt: started },
      {
        name: 'Tiered',
        kind: 'tiered',
        target: { tags: ['even'] },
        tiers: [{ minQuantity: 3, percentBps: 1000 }],
        startsAt: started,
      },
      {
        name: 'Bundle',
        kind: 'bundle',
        items: [
          { sku: 'S-2', quantity: 1 },
          { sku: 'S-3', quantity: 1 },
        ],
        price: 2000,
        startsAt: started,
      },
    ]) {
      const r = await api(a.apiKeys.console)('POST', '/v1/promotions', body);
      if (r.status !== 201) throw new Error(`promotion ${body.name}: ${r.status} ${r.text}`);
      promos.push(r.json.id);
    }
    const hook = await api(a.apiKeys.console)('POST', '/v1/webhooks', { url: receiver.url, events: EVENT_TYPES });
    const since = new Date(hook.json.createdAt);
    const doc = (await http(cluster.apis[0]!.url)('GET', '/docs/json')).json as unknown as OpenApiDoc;
    const ops = operationsOf(doc).filter((op) => op.path.startsWith('/v1/'));
    const fuzzArb = fc
      .constantFrom(...ops)
      .chain((op) => malformedRequestArb(op, { key: () => a.apiKeys.console, pathValues: () => undefined }));

    // --- bookkeeping -----------------------------------------------------------------------------------------------
    const statuses = new Tally();
    const problems: string[] = [];
    const faultWindows: [number, number][] = [];
    const inFault = (t: number) => faultWindows.some(([s, e]) => t >= s && t <= e + 8000);
    const quoteMs: number[] = [];
    let fuzzed = 0;
    let fuzz5xx = 0;
    let leaks = 0;
    let unexpected5xx = 0;
    let clientErrors = 0;
    let requests = 0;
    const note = (status: number, at: number, what: string, body: string) => {
      requests++;
      statuses.add(String(status));
      if (status >= 500 && !(status === 503 && inFault(at))) {
        unexpected5xx++;
        if (problems.length < 20) problems.push(`${status} ${what}: ${body.slice(0, 200)}`);
      }
    };

    // --- traffic ---------------------------------------------------------------------------------------------------
    let running = true;
    let seq = 0;
    const storefront = async () => {
      const k = seq++;
      const shop = api(a.apiKeys.storefront);
      const lines = [...new Set([skus[k % 12]!, skus[(k * 7 + 3) % 12]!])].map((sku, i) => ({
        sku,
        quantity: 1 + ((k + i) % 3),
      }));
      const customerId = `cust-${k % 200}`;
      switch (k % 6) {
        case 0:
        case 1: {
          const r = await shop('POST', '/v1/quotes', { lines, customerId });
          if (r.status === 200) quoteMs.push(r.ms);
          return note(r.status, Date.now(), 'quote', r.text);
        }
        case 2: {
          const r = await shop('GET', `/v1/prices?skus=${skus.join(',')}&customerId=${customerId}`);
          return note(r.status, Date.now(), 'prices', r.text);
        }
        default: {
          const idem = k % 4 === 0 ? { 'idempotency-key': `soak-${k}` } : undefined;
          const ttlSeconds = k % 10 === 0 ? 60 : 900; // some holds are left to lapse
          const r = await shop('POST', '/v1/reservations', { lines, customerId, ttlSeconds }, idem);
          note(r.status, Date.now(), 'reserve', r.text);
          if (r.status !== 201) return;
          if (idem) {
            const again = await shop('POST', '/v1/reservations', { lines, customerId, ttlSeconds }, idem);
            note(again.status, Date.now(), 'replay', again.text);
            if (again.status === 201 && again.json.id !== r.json.id)
              problems.push(`replay made a second hold ${r.json.id}`);
          }
          if (ttlSeconds === 60) return;
          const next = k % 3 ? 'confirm' : 'cancel';
          const c = await api(a.apiKeys.storefront)('POST', `/v1/reservations/${r.json.id}/${next}`);
          return note(c.status, Date.now(), next, c.text);
        }
      }
    };
    const consoleWork = async () => {
      const k = seq++;
      const c = api(a.apiKeys.console);
      if (k % 3 === 0) {
        const r = await c('PATCH', `/v1/promotions/${promos[1]}`, { amount: 100 + (k % 5) * 25 });
        return note(r.status, Date.now(), 'patch', r.text);
      }
      if (k % 3 === 1) {
        const r = await c('POST', `/v1/products/${skus[k % 12]}/stock-movements`, { delta: 50, reason: 'receipt' });
        return note(r.status, Date.now(), 'receipt', r.text);
      }
      const r = await c('GET', `/v1/promotions/${promos[0]}`);
      return note(r.status, Date.now(), 'promotion', r.text);
    };
    const fuzzWork = async () => {
      const [req] = fc.sample(fuzzArb, 1);
      const base = cluster.apis[seq++ % cluster.apis.length]!.url;
      let res: Response;
      try {
        res = await fetch(`${base}${req!.url}`, {
          method: req!.method,
          headers: req!.headers,
          ...(req!.payload !== undefined && { body: req!.payload }),
        });
      } catch {
        return; // a request no client could send (header bytes): not a case
      }
      const text = await res.text();
      fuzzed++;
      requests++;
      statuses.add(`fuzz-${res.status}`);
      if (res.status >= 500 && !inFault(Date.now())) {
        fuzz5xx++;
        if (problems.length < 20)
          problems.push(`fuzz ${res.status} ${req!.method} ${req!.url.slice(0, 100)}: ${text.slice(0, 200)}`);
      } else if (res.status < 400) {
        problems.push(`fuzz ${res.status} for a malformed ${req!.method} ${req!.url.slice(0, 100)} [${req!.broken}]`);
      } else if (res.status < 500 && errorShapeProblem(res.status, text)) {
        problems.push(`fuzz ${errorShapeProblem(res.status, text)}`);
      }
    };
    const isolationWork = async () => {
      const k = seq++;
      const shop = api(b.apiKeys.storefront);
      const cons = api(b.apiKeys.console);
      const probes = [
        () => cons('GET', `/v1/promotions/${promos[k % promos.length]}`),
        () => cons('GET', `/v1/products/${skus[k % 12]}`),
        () => shop('GET', `/v1/prices?skus=${skus[k % 12]}`),
        () => shop('POST', '/v1/quotes', { lines: [{ sku: skus[k % 12], quantity: 1 }] }),
        () => cons('GET', '/v1/products'),
      ];
      const which = k % probes.length;
      const r = await probes[which]!();
      note(r.status, Date.now(), 'isolation', r.text);
      // A's promotion, product, price and quote are not B's to see (404/422); B's own list never shows A's rows.
      const leaked =
        which < 4
          ? r.status >= 200 && r.status < 300
          : r.text.includes(a.id) || skus.some((s) => r.text.includes(`"${s}"`));
      if (leaked) {
        leaks++;
        problems.push(`leak: merchant B got ${r.status} ${r.text.slice(0, 120)}`);
      }
    };
    const loop = async (i: number) => {
      const kinds = [storefront, storefront, storefront, consoleWork, fuzzWork, fuzzWork, isolationWork];
      let n = i;
      while (running) {
        try {
          await kinds[n++ % kinds.length]!();
        } catch (err) {
          clientErrors++;
          if (!inFault(Date.now()) && problems.length < 20) problems.push(`client error outside a fault: ${err}`);
          await sleep(100);
        }
      }
    };

    // --- faults ----------------------------------------------------------------------------------------------------
    const faults = new Tally();
    const faultList: [string, () => Promise<void>][] = [
      [
        'postgresql-restart',
        async () => {
          pg.stop('fast');
          await sleep(2000);
          pg.start();
        },
      ],
      [
        'redis-restart',
        async () => {
          await redis.stop();
          await sleep(2500);
          await redis.start();
        },
      ],
      [
        'worker-sigkill',
        async () => {
          // Mid-delivery: the receiver holds its answers, so the killed worker has deliveries in flight, unanswered.
          receiver.hold();
          try {
            await until('a delivery in flight', () => receiver.heldCount() > 0, 5000).catch(() => {});
            await sleep(300);
            const w = cluster.workers[0]!;
            w.child.kill('SIGKILL');
            await w.exited;
          } finally {
            receiver.release();
          }
          await cluster.restartWorker(0);
        },
      ],
      [
        'api-sigterm',
        async () => {
          const exit = await cluster.apis[1]!.stop('SIGTERM', 25_000);
          if (exit.code !== 0) problems.push(`api2 exited ${exit.code} ${exit.signal} on SIGTERM`);
          await cluster.restartApi(1);
        },
      ],
      [
        'api-sigkill',
        async () => {
          const p = cluster.apis[0]!;
          p.child.kill('SIGKILL');
          await p.exited;
          await cluster.restartApi(0);
        },
      ],
    ];
    const end = Date.now() + MINUTES * 60_000;
    const loops = Array.from({ length: CONCURRENCY }, (_, i) => loop(i));
    let nextFault = Date.now() + FAULT_EVERY_MS / 2;
    let nextCheck = Date.now() + 30_000;
    let f = 0;
    let checks = 0;
    while (Date.now() < end) {
      await sleep(1000);
      if (Date.now() >= nextFault && Date.now() < end - 30_000) {
        const [name, inject] = faultList[f++ % faultList.length]!;
        const window: [number, number] = [Date.now(), Number.POSITIVE_INFINITY];
        faultWindows.push(window);
        log(`fault: ${name}`);
        await inject();
        window[1] = Date.now();
        faults.add(name);
        nextFault = Date.now() + FAULT_EVERY_MS;
      }
      if (Date.now() >= nextCheck && !inFault(Date.now())) {
        try {
          const v = await violations(db);
          checks++;
          if (v.length > 0) problems.push(...v.map((x) => `invariant: ${x}`));
        } catch {
          // database in a fault window
        }
        log(
          `${requests} requests (${fuzzed} fuzzed), ${faults.total()} faults, ${receiver.distinct().length} events received`,
        );
        nextCheck = Date.now() + 30_000;
      }
    }
    running = false;
    await Promise.all(loops);

    // --- drain and final checks ------------------------------------------------------------------------------------
    log('load stopped; waiting for the outbox to drain');
    const drainStart = Date.now();
    const outboxIds = async () =>
      (
        await db
          .selectFrom('outbox')
          .select('event_id')
          .where('merchant_id', '=', a.id)
          .where('created_at', '>=', since)
          .execute()
      ).map((r) => r.event_id);
    let lost: string[] = [];
    try {
      await until(
        'the outbox to drain',
        async () => {
          const acked = receiver.ackedIds();
          lost = (await outboxIds()).filter((id) => !acked.has(id));
          return lost.length === 0;
        },
        120_000,
        500,
      );
    } catch {
      // reported as lost below
    }
    const drainMs = Date.now() - drainStart;
    await sleep(2000);
    const finalViolations = await violations(db);
    const oversells = await sql<{ n: string }>`
      select (select count(*) from products where reserved > on_hand or on_hand < 0)
           + (select count(*) from promotions where stock_cap is not null and units_reserved + units_sold > stock_cap) as n`.execute(
      db,
    );
    const events = (await outboxIds()).length;
    const orders = await db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const expired = await db
      .selectFrom('reservations')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'expired')
      .executeTakeFirstOrThrow();
    const logged = cluster.errors().filter((l) => !/database unavailable|ECONNREFUSED|terminating connection/.test(l));
    report = {
      minutes: MINUTES,
      requests,
      statuses: Object.fromEntries(statuses.counts),
      casesFuzzed: fuzzed,
      fuzz5xx,
      faultsInjected: faults.total(),
      faults: Object.fromEntries(faults.counts),
      invariantChecks: checks + 1,
      events,
      eventsLost: lost.length,
      duplicates: receiver.duplicates(),
      deliveryRequests: receiver.requests.length,
      drainSeconds: Math.round(drainMs / 100) / 10,
      orders: Number(orders.n),
      holdsExpired: Number(expired.n),
      oversells: Number(oversells.rows[0]!.n),
      invariantViolations: finalViolations.length,
      crossMerchantLeaks: leaks,
      unexpected5xx,
      clientErrors,
      quoteP50ms: Math.round(percentile(quoteMs, 50) * 10) / 10,
      quoteP95ms: Math.round(percentile(quoteMs, 95) * 10) / 10,
      errorLogLines: logged.length,
    };
    problems.push(...finalViolations.map((v) => `final invariant: ${v}`));
    if (lost.length > 0) problems.push(`${lost.length} events never delivered: ${lost.slice(0, 5).join(', ')}`);
    if (receiver.duplicates() > 0) problems.push(`${receiver.duplicates()} duplicate deliveries`);
    if (logged.length > 0) problems.push(...logged.slice(0, 5).map((l) => `logged: ${l.slice(0, 300)}`));
    // PostgreSQL breaks lock cycles by failing one transaction; the services retry those (40P01), so a deadlock is a
    // figure here, and a problem only when it reached a client as a 5xx (counted above).
    const pgLog = pg.logText();
    report.deadlocksRetried = (pgLog.match(/deadlock detected/g) ?? []).length;
    if (unexpected5xx > 0) {
      const lines = pgLog.split('\n').filter((l) => /deadlock|DETAIL|CONTEXT/.test(l));
      console.log(`PostgreSQL log (deadlocks):\n${lines.slice(0, 60).join('\n')}`);
    }
    console.log(JSON.stringify(report, null, 2));
    if (problems.length > 0) {
      console.log(`PROBLEMS (${problems.length}):\n${problems.slice(0, 40).join('\n')}`);
      return 1;
    }
    log('soak passed');
    return 0;
  } finally {
    await cluster.stop();
    await receiver.close();
    await database.close();
    pg.destroy();
    await redis.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
