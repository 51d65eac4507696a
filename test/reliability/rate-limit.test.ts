import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN } from '../support/app.ts';
import { DATABASE_URL, freshDatabase, type TestDatabase } from '../support/db.ts';
import { errorShapeProblem } from './lib/contract.ts';
import { autocannon, freePort, http, type Proc, percentile, spawnApi } from './lib/processes.ts';

/**
 * STOREFRONT_RATE_LIMIT against a real API process: each storefront key gets exactly its budget, then 429
 * `rate_limited` with Retry-After; console keys are not limited; and one key hammering the API past its limit does not
 * slow another key's quotes beyond a stated bound.
 */
const LIMIT = 120;

describe('storefront rate limit', () => {
  let api: Proc;
  let testDb: TestDatabase | undefined;
  let dataDir: string | undefined;
  let consoleKey: string;
  const skus = Array.from({ length: 20 }, (_, i) => `RL-${i}`);

  const newStorefrontKey = async () =>
    (await http(api.url, consoleKey)('POST', '/v1/api-keys', { role: 'storefront' })).json.key as string;

  beforeAll(async () => {
    const env: Record<string, string> = {
      ADMIN_TOKEN,
      STOREFRONT_RATE_LIMIT: String(LIMIT),
      DATABASE_POOL_SIZE: '8',
      REDIS_URL: 'redis://127.0.0.1:1', // no jobs needed: the API serves without Redis
    };
    if (DATABASE_URL) {
      testDb = await freshDatabase({ kind: 'postgres' });
      await testDb.database.close(); // the spawned API has its own pool
      env.DATABASE_URL = testDb.url!;
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'rl-'));
      env.DATA_DIR = dataDir;
    }
    api = await spawnApi('api', await freePort(), env);
    const m = await http(api.url, ADMIN_TOKEN)('POST', '/v1/merchants', { name: 'Limited', currency: 'USD' });
    expect(m.status).toBe(201);
    consoleKey = m.json.apiKeys.console;
    const call = http(api.url, consoleKey);
    for (const sku of skus) {
      expect(
        (await call('PUT', `/v1/products/${sku}`, { name: sku, listPrice: 1000, unitCost: 200, tags: ['rl'] })).status,
      ).toBe(201);
      await call('POST', `/v1/products/${sku}/stock-movements`, { delta: 1000, reason: 'receipt' });
    }
    const promo = await call('POST', '/v1/promotions', {
      name: 'tiered',
      kind: 'tiered',
      target: { tags: ['rl'] },
      tiers: [
        { minQuantity: 3, percentBps: 1000 },
        { minQuantity: 10, percentBps: 2000 },
      ],
      startsAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(promo.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    if (testDb) {
      // Dropped through a fresh connection: the pool was closed above.
      const { default: pg } = await import('pg');
      const c = new pg.Client({ connectionString: DATABASE_URL! });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${new URL(testDb.url!).pathname.slice(1)}" WITH (FORCE)`);
      await c.end();
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(`lets a storefront key make exactly ${LIMIT} requests a minute, then answers 429 rate_limited with Retry-After`, async () => {
    const noisy = await newStorefrontKey();
    const other = await newStorefrontKey();
    const shop = http(api.url, noisy);
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 15; i++) {
      // Mixed routes, bad requests included: the budget counts every request of the key.
      const r =
        i % 3 === 0
          ? await shop('POST', '/v1/quotes', { lines: [{ sku: skus[i % skus.length], quantity: 1 }] })
          : i % 3 === 1
            ? await shop('GET', `/v1/prices?skus=${skus.slice(0, 5).join(',')}`)
            : await shop('POST', '/v1/quotes', { lines: [] });
      statuses.push(r.status);
      if (r.status === 429) {
        expect(r.json.error).toBe('rate_limited');
        expect(errorShapeProblem(r.status, r.text)).toBeNull();
        const retry = Number(r.headers.get('retry-after'));
        expect(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After ${retry}`).toBe(true);
      }
    }
    expect(statuses.slice(0, LIMIT).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(LIMIT)).toEqual(Array(15).fill(429));
    // Another storefront key and the console key are unaffected.
    expect((await http(api.url, other)('GET', `/v1/prices?skus=${skus[0]}`)).status).toBe(200);
    for (let i = 0; i < LIMIT + 5; i++) {
      expect((await http(api.url, consoleKey)('GET', `/v1/prices?skus=${skus[0]}`)).status).toBe(200);
    }
  }, 60_000);

  it("keeps a quiet key's quotes fast while another key is hammering past its limit", async () => {
    const lines = skus.map((sku, i) => ({ sku, quantity: 1 + (i % 4) }));
    const quiet = async (key: string, n: number) => {
      const shop = http(api.url, key);
      const ms: number[] = [];
      for (let i = 0; i < n; i++) {
        const r = await shop('POST', '/v1/quotes', { lines, customerId: `c${i}` });
        expect(r.status, r.text).toBe(200);
        ms.push(r.ms);
      }
      return ms;
    };
    await quiet(await newStorefrontKey(), 20); // warm up
    const base = await quiet(await newStorefrontKey(), 100);

    // The noisy key, from another process: 16 connections at 2,000 requests a second, ~400× its budget.
    const noisy = await newStorefrontKey();
    const noise = autocannon(`${api.url}/v1/quotes`, {
      connections: 16,
      rate: 2000,
      seconds: 8,
      method: 'POST',
      headers: { authorization: `Bearer ${noisy}`, 'content-type': 'application/json' },
      body: JSON.stringify({ lines }),
    });
    await new Promise((r) => setTimeout(r, 1000)); // past its budget and at full rate
    const loaded = await quiet(await newStorefrontKey(), 100);
    const n = await noise;
    const fig = {
      baseP50: percentile(base, 50),
      baseP95: percentile(base, 95),
      loadedP50: percentile(loaded, 50),
      loadedP95: percentile(loaded, 95),
    };
    console.log(
      `rate limit: quiet quotes p50 ${fig.baseP50.toFixed(1)} → ${fig.loadedP50.toFixed(1)} ms, p95 ${fig.baseP95.toFixed(1)} → ${fig.loadedP95.toFixed(1)} ms ` +
        `while a noisy key sent ${n.total} requests (${Math.round(n.rps)}/s; statuses ${JSON.stringify(n.statusCodes)})`,
    );
    expect(Object.keys(n.statusCodes).sort()).toEqual(['200', '429']);
    expect(n.statusCodes['429']).toBeGreaterThan(n.total - LIMIT - 1);
    // The bound: while another key is being refused at 2,000 requests a second, the quiet key's median quote at most
    // quadruples (or grows < 20 ms) and its 95th percentile stays under 6× (or +80 ms). Refusals are cheap (no body
    // parsing, no database), so the quiet key waits behind them briefly, never behind their work.
    expect(fig.loadedP50).toBeLessThan(Math.max(4 * fig.baseP50, fig.baseP50 + 20));
    expect(fig.loadedP95).toBeLessThan(Math.max(6 * fig.baseP95, fig.baseP95 + 80));
  }, 60_000);
});
