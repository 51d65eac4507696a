import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { ADMIN_TOKEN, type BenchContext, benchDatabase, createMerchant, fmt } from '../lib/context.ts';
import { load } from '../lib/load.ts';
import { startApp } from '../lib/procs.ts';

const run = promisify(execFile);

async function rawUpdates(url: string, clients: number, seconds: number): Promise<number> {
  const { stdout } = await run(process.execPath, [
    '--import',
    'tsx',
    'test/bench/raw-update.ts',
    url,
    String(clients),
    String(seconds),
  ]);
  const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as { updates: number; seconds: number };
  return r.updates / r.seconds;
}

/**
 * Workload 4: one SKU under a flash sale (a capped promotion on it, so each hold moves two hot rows), reservations of
 * one unit from 8 and from 200 connections; the baseline is the raw conditional UPDATE on one row from as many
 * PostgreSQL clients, in the same run. Then a sell-out: 1,000 units, 20,000 attempts, exactly 1,000 holds.
 */
export async function flashWorkload(ctx: BenchContext): Promise<void> {
  const seconds = ctx.quick ? 4 : 20;
  const db = await benchDatabase(ctx.databaseUrl);
  const max = Number(
    (await sql<{ max_connections: string }>`show max_connections`.execute(db.database.db)).rows[0]!.max_connections,
  );
  const rawClients = Math.min(200, max - 40);
  const app = await startApp({ DATABASE_URL: db.url, REDIS_URL: ctx.redisUrl, ADMIN_TOKEN, RUN_WORKER: 'false' });
  try {
    const base = `http://127.0.0.1:${app.port}`;
    const m = await createMerchant(base);
    const consoleHeaders = { authorization: `Bearer ${m.console}`, 'content-type': 'application/json' };
    const put = (sku: string, onHand: number) =>
      fetch(`${base}/v1/products/${sku}`, {
        method: 'PUT',
        headers: consoleHeaders,
        body: JSON.stringify({ name: sku, listPrice: 10000, unitCost: 3000 }),
      }).then(() =>
        fetch(`${base}/v1/products/${sku}/stock-movements`, {
          method: 'POST',
          headers: consoleHeaders,
          body: JSON.stringify({ delta: onHand, reason: 'receipt' }),
        }),
      );
    await put('FLASH', 100_000_000);
    await put('SELLOUT', 1000);
    const promo = await fetch(`${base}/v1/promotions`, {
      method: 'POST',
      headers: consoleHeaders,
      body: JSON.stringify({
        name: 'Flash',
        kind: 'percent_off',
        target: { skus: ['FLASH', 'SELLOUT'] },
        percentBps: 3000,
        stockCap: 100_000_000,
        startsAt: '2020-01-01T00:00:00Z',
      }),
    });
    if (promo.status !== 201) throw new Error(`promotion: ${promo.status} ${await promo.text()}`);
    const headers = { authorization: `Bearer ${m.storefront}` };
    const body = [JSON.stringify({ lines: [{ sku: 'FLASH', quantity: 1 }] })];
    const holds = async (connections: number) => {
      const r = await load({
        url: `${base}/v1/reservations`,
        connections,
        duration: seconds,
        method: 'POST',
        headers,
        bodies: body,
      });
      return { rps: (r.statuses['201'] ?? 0) / seconds, r };
    };
    await load({ url: `${base}/v1/reservations`, connections: 8, duration: 2, method: 'POST', headers, bodies: body }); // warm-up
    const raw8 = await rawUpdates(db.url, 8, seconds);
    const at8 = await holds(8);
    const at200 = await holds(200);
    const raw200 = await rawUpdates(db.url, rawClients, seconds);
    const ratio = at200.rps / raw200;
    const collapse = at200.rps / at8.rps;
    ctx.rows.push(
      { workload: '4 Flash sale', metric: 'holds/s, 8 connections', value: fmt(at8.rps) },
      { workload: '4 Flash sale', metric: 'holds/s, 200 connections', value: fmt(at200.rps) },
      {
        workload: '4 Flash sale',
        metric: `raw conditional UPDATE/s, 8 / ${rawClients} PostgreSQL clients`,
        value: `${fmt(raw8)} / ${fmt(raw200)}`,
      },
      {
        workload: '4 Flash sale',
        metric: `ratio holds (200 conns) / raw UPDATE (${rawClients} clients)`,
        value: fmt(ratio, 2),
        target: '≥ 0.5',
        ok: ratio >= 0.5,
      },
      {
        workload: '4 Flash sale',
        metric: 'no collapse: holds/s at 200 ÷ at 8 connections',
        value: fmt(collapse, 2),
        target: '≥ 0.8',
        ok: collapse >= 0.8,
      },
      {
        workload: '4 Flash sale',
        metric: 'hold latency p50 / p99 at 200 conns (ms)',
        value: `${at200.r.p50} / ${at200.r.p99}`,
      },
    );
    const unexpected = [at8.r, at200.r].reduce((n, r) => n + r.requests - (r.statuses['201'] ?? 0), 0);
    if (unexpected > 0)
      ctx.failures.push(`flash sale: ${unexpected} reservations did not answer 201 with stock to spare`);

    const sell = await load({
      url: `${base}/v1/reservations`,
      connections: 200,
      amount: ctx.quick ? 5000 : 20000,
      method: 'POST',
      headers,
      bodies: [JSON.stringify({ lines: [{ sku: 'SELLOUT', quantity: 1 }] })],
    });
    const stock = await fetch(`${base}/v1/products/SELLOUT`, { headers: consoleHeaders }).then(
      (r) => r.json() as Promise<{ stock: { reserved: number; available: number } }>,
    );
    const held = sell.statuses['201'] ?? 0;
    const refused = sell.statuses['409'] ?? 0;
    const exact =
      held === 1000 && stock.stock.reserved === 1000 && stock.stock.available === 0 && held + refused === sell.requests;
    ctx.rows.push({
      workload: '4 Flash sale',
      metric: `sell-out: 1,000 units, ${fmt(sell.requests)} attempts → holds / 409s`,
      value: `${fmt(held)} / ${fmt(refused)}`,
      target: 'exactly 1,000',
      ok: exact,
    });
    if (!exact)
      ctx.failures.push(
        `sell-out: ${held} holds, reserved ${stock.stock.reserved}, ${refused} refused of ${sell.requests}`,
      );
  } finally {
    await app.stop();
    await db.drop();
  }
}
