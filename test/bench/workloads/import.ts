import { randomBytes } from 'node:crypto';
import { ADMIN_TOKEN, type BenchContext, benchDatabase, createMerchant, fmt } from '../lib/context.ts';
import { startApp } from '../lib/procs.ts';

/**
 * Workload 6: a 50,000-row CSV product import through the API and the in-process worker: rows/s, and the server's
 * peak RSS growth while it runs (sampled every 50 ms from /proc).
 */
export async function importWorkload(ctx: BenchContext): Promise<void> {
  const rows = ctx.quick ? 10_000 : 50_000;
  const db = await benchDatabase(ctx.databaseUrl);
  const app = await startApp({
    DATABASE_URL: db.url,
    REDIS_URL: ctx.redisUrl,
    ADMIN_TOKEN,
    RUN_WORKER: 'true',
    BULLMQ_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
  });
  try {
    const base = `http://127.0.0.1:${app.port}`;
    const m = await createMerchant(base);
    const lines = ['sku,name,listPrice,unitCost,tags,onHand'];
    for (let i = 0; i < rows; i++)
      lines.push(
        `IMP-${i},"Imported product ${i}",${1000 + (i % 5000)},${400 + (i % 2000)},bulk;t${i % 50},${i % 300}`,
      );
    const csv = `${lines.join('\n')}\n`;
    await new Promise((r) => setTimeout(r, 1000));
    const rssBefore = app.rssMb();
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, app.rssMb());
    }, 50);
    const t0 = Date.now();
    const res = await fetch(`${base}/v1/imports/products`, {
      method: 'POST',
      headers: { authorization: `Bearer ${m.console}`, 'content-type': 'text/csv' },
      body: csv,
    });
    if (res.status !== 202) throw new Error(`import: ${res.status} ${await res.text()}`);
    const { jobId } = (await res.json()) as { jobId: string };
    let job: { state: string; result?: { applied: number; failed: number } } = { state: 'waiting' };
    const until = Date.now() + 600_000;
    while (job.state !== 'completed' && job.state !== 'failed' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await fetch(`${base}/v1/jobs/${jobId}`, { headers: { authorization: `Bearer ${m.console}` } }).then((r) =>
        r.json(),
      )) as typeof job;
    }
    const seconds = (Date.now() - t0) / 1000;
    clearInterval(sampler);
    const growth = peak - rssBefore;
    const applied = job.result?.applied ?? 0;
    ctx.rows.push(
      {
        workload: '6 Import',
        metric: `${fmt(rows)}-row CSV (${fmt(csv.length / 2 ** 20, 1)} MiB) rows/s`,
        value: fmt(applied / seconds),
      },
      {
        workload: '6 Import',
        metric: 'server peak RSS growth during import (MB)',
        value: fmt(growth),
        target: '≤ 200',
        ok: growth <= 200,
      },
    );
    if (job.state !== 'completed' || applied !== rows) {
      ctx.failures.push(`import: state ${job.state}, ${applied} of ${rows} rows applied`);
    }
  } finally {
    await app.stop();
    await db.drop();
  }
}
