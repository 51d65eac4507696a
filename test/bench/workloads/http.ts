import { ADMIN_TOKEN, type BenchContext, benchDatabase, createMerchant, fmt } from '../lib/context.ts';
import { generateCarts, skuOf } from '../lib/generate.ts';
import { load } from '../lib/load.ts';
import { startApp, startBare } from '../lib/procs.ts';
import { seedProducts, seedPromotions } from '../lib/seed.ts';

/**
 * Workloads 1 and 3: authenticated `POST /v1/quotes` (carts of 20 lines) and `GET /v1/prices` (200 SKUs) on
 * PostgreSQL, each against a bare Fastify route returning a body of the same size, measured in the same run
 * (baseline before and after; their mean is the reference). Also reports the server's RSS with the data loaded.
 */
export async function httpWorkloads(ctx: BenchContext): Promise<void> {
  const skus = ctx.quick ? 10_000 : 100_000;
  const promos = ctx.quick ? 500 : 5_000;
  const duration = ctx.quick ? 4 : 15;
  const db = await benchDatabase(ctx.databaseUrl);
  const app = await startApp({ DATABASE_URL: db.url, REDIS_URL: ctx.redisUrl, ADMIN_TOKEN, RUN_WORKER: 'false' });
  try {
    const base = `http://127.0.0.1:${app.port}`;
    const m = await createMerchant(base);
    ctx.log(`seeding ${fmt(skus)} SKUs and ${fmt(promos)} promotions`);
    await seedProducts(db.database.db, m.id, skus, 1_000_000);
    await seedPromotions(db.database.db, m.id, promos, skus);
    const headers = { authorization: `Bearer ${m.storefront}` };

    const carts = generateCarts(1000, 20, skus).map((lines, i) => JSON.stringify({ lines, customerId: `c${i % 50}` }));
    const sample = await fetch(`${base}/v1/quotes`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: carts[0],
    });
    const quoteBytes = (await sample.text()).length;
    if (sample.status !== 200) throw new Error(`quote failed: ${sample.status}`);
    await load({ url: `${base}/v1/quotes`, connections: 10, duration: 2, method: 'POST', headers, bodies: carts }); // warm-up

    const quote = await compare(
      ctx,
      quoteBytes,
      'POST',
      duration,
      (port) => `http://127.0.0.1:${port}/bare`,
      () => load({ url: `${base}/v1/quotes`, connections: 50, duration, method: 'POST', headers, bodies: carts }),
    );
    ctx.rows.push(
      { workload: '1 Quote', metric: 'quote req/s (50 conns, 20 lines)', value: fmt(quote.service.rps) },
      { workload: '1 Quote', metric: 'bare Fastify req/s, same body size', value: fmt(quote.baseline) },
      {
        workload: '1 Quote',
        metric: 'ratio quote / bare',
        value: fmt(quote.ratio, 2),
        target: '≥ 0.5',
        ok: quote.ratio >= 0.5,
      },
      {
        workload: '1 Quote',
        metric: 'quote latency p50 / p99 (ms)',
        value: `${quote.service.p50} / ${quote.service.p99}`,
      },
      {
        workload: '1 Quote',
        metric: 'non-200 responses',
        value: fmt(quote.service.requests - (quote.service.statuses['200'] ?? 0)),
      },
      {
        workload: '6 Memory',
        metric: `server RSS with ${fmt(skus)} SKUs, ${fmt(promos)} promotions (MB)`,
        value: fmt(app.rssMb()),
      },
    );

    const paths = Array.from({ length: 200 }, (_, k) => {
      const list = Array.from({ length: 200 }, (_, j) => skuOf((k * 977 + j * 131) % skus));
      return `/v1/prices?skus=${[...new Set(list)].join(',')}&customerId=c${k % 50}`;
    });
    const pricesSample = await fetch(`${base}${paths[0]}`, { headers });
    const pricesBytes = (await pricesSample.text()).length;
    const prices = await compare(
      ctx,
      pricesBytes,
      'GET',
      duration,
      (port) => `http://127.0.0.1:${port}/bare`,
      () => load({ url: base, connections: 50, duration, headers, paths }),
    );
    ctx.rows.push(
      { workload: '3 Prices', metric: 'GET /v1/prices (200 SKUs) req/s', value: fmt(prices.service.rps) },
      { workload: '3 Prices', metric: 'bare Fastify req/s, same body size', value: fmt(prices.baseline) },
      {
        workload: '3 Prices',
        metric: 'ratio prices / bare',
        value: fmt(prices.ratio, 2),
        target: '≥ 0.3',
        ok: prices.ratio >= 0.3,
      },
      {
        workload: '3 Prices',
        metric: 'prices latency p50 / p99 (ms)',
        value: `${prices.service.p50} / ${prices.service.p99}`,
      },
    );
    const bad = [quote.service, prices.service]
      .map((r) => r.requests - (r.statuses['200'] ?? 0))
      .reduce((a, b) => a + b, 0);
    if (bad > 0) ctx.failures.push(`${bad} quote/prices requests did not answer 200`);
  } finally {
    await app.stop();
    await db.drop();
  }
}

/** Baseline, service, baseline: the ratio is against the mean of the two baselines. */
async function compare(
  ctx: BenchContext,
  bytes: number,
  method: 'GET' | 'POST',
  duration: number,
  url: (port: number) => string,
  service: () => ReturnType<typeof load>,
) {
  const bare = await startBare(bytes);
  try {
    const before = await load({ url: url(bare.port), connections: 50, duration, method });
    const s = await service();
    const after = await load({ url: url(bare.port), connections: 50, duration, method });
    const baseline = (before.rps + after.rps) / 2;
    ctx.log(`  bare ${fmt(before.rps)} / ${fmt(after.rps)} req/s, service ${fmt(s.rps)} req/s`);
    return { service: s, baseline, ratio: s.rps / baseline };
  } finally {
    await bare.stop();
  }
}
