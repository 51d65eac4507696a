import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { ADMIN_TOKEN, type BenchContext, benchDatabase, createMerchant, fmt } from '../lib/context.ts';
import { startApp } from '../lib/procs.ts';
import { percentile, startReceiver } from '../lib/receiver.ts';

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/**
 * Workload 5: events through outbox → BullMQ → a loopback webhook receiver (the service runs its worker in-process).
 * A burst of outbox events measures throughput and lag; promotions starting a few seconds out measure how late a
 * boundary event arrives after its instant.
 */
export async function eventsWorkload(ctx: BenchContext): Promise<void> {
  const burst = ctx.quick ? 2_000 : 10_000;
  const boundaries = ctx.quick ? 20 : 100;
  const db = await benchDatabase(ctx.databaseUrl);
  const receiver = await startReceiver();
  const app = await startApp({
    DATABASE_URL: db.url,
    REDIS_URL: ctx.redisUrl,
    ADMIN_TOKEN,
    RUN_WORKER: 'true',
    BULLMQ_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
    JOB_CONCURRENCY: '32',
  });
  try {
    const base = `http://127.0.0.1:${app.port}`;
    const m = await createMerchant(base);
    const headers = { authorization: `Bearer ${m.console}`, 'content-type': 'application/json' };
    const hook = await fetch(`${base}/v1/webhooks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: receiver.url, events: ['stock.low', 'promotion.started'] }),
    });
    if (hook.status !== 201) throw new Error(`webhook: ${hook.status} ${await hook.text()}`);

    const t0 = Date.now();
    for (let i = 0; i < burst; i += 1000) {
      const n = Math.min(1000, burst - i);
      // Through emit_event, the one writer of outbox rows (src/db/events.ts), 1,000 to a statement.
      await sql`select emit_event(${m.id}, 'stock.low', jsonb_build_object('n', g), 'bench-' || g)
        from generate_series(${i}::int, ${i + n - 1}::int) g`.execute(db.database.db);
    }
    const isBurst = (id: string) => id.startsWith('bench-');
    const countBurst = () => [...receiver.events.keys()].filter(isBurst).length;
    const all = await waitFor(() => countBurst() >= burst, 180_000);
    const elapsed = (Math.max(...[...receiver.events.values()].map((e) => e.receivedAt)) - t0) / 1000;
    const lags = [...receiver.events.values()].filter((e) => isBurst(e.id)).map((e) => e.receivedAt - Date.parse(e.at));
    ctx.rows.push(
      {
        workload: '5 Events',
        metric: `burst of ${fmt(burst)} events: delivered events/s`,
        value: fmt(countBurst() / elapsed),
      },
      {
        workload: '5 Events',
        metric: 'burst lag p50 / p99 (ms, outbox → receiver)',
        value: `${fmt(percentile(lags, 50))} / ${fmt(percentile(lags, 99))}`,
      },
      {
        workload: '5 Events',
        metric: 'lost / duplicated deliveries',
        value: `${burst - countBurst()} / ${receiver.duplicates()}`,
        target: '0 / 0',
        ok: all && receiver.duplicates() === 0,
      },
    );
    if (!all) ctx.failures.push(`events: ${burst - countBurst()} of ${burst} burst events never arrived`);

    const startsAt = Date.now() + 4000;
    const ids: string[] = [];
    for (let i = 0; i < boundaries; i++) {
      const at = new Date(startsAt + (i % 10) * 100).toISOString();
      await fetch(`${base}/v1/products/B${i}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ name: 'b', listPrice: 1000, unitCost: 100 }),
      });
      const res = await fetch(`${base}/v1/promotions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          name: `B${i}`,
          kind: 'percent_off',
          target: { skus: [`B${i}`] },
          percentBps: 1000,
          startsAt: at,
        }),
      });
      const p = (await res.json()) as { id: string; startsAt: string };
      ids.push(p.id);
    }
    const started = () => [...receiver.events.values()].filter((e) => e.type === 'promotion.started');
    const got = await waitFor(() => started().length >= boundaries, 30_000);
    const byPromotion = new Map(started().map((e) => [String(e.data.promotionId), e.receivedAt]));
    const boundaryLags: number[] = [];
    for (const [i, id] of ids.entries()) {
      const received = byPromotion.get(id);
      if (received) boundaryLags.push(received - (startsAt + (i % 10) * 100));
    }
    const p99 = percentile(boundaryLags, 99);
    ctx.rows.push({
      workload: '5 Events',
      metric: `promotion.started lag p50 / p99 (ms), ${boundaries} promotions`,
      value: `${fmt(percentile(boundaryLags, 50))} / ${fmt(p99)}`,
      target: 'p99 ≤ 1,000',
      ok: p99 <= 1000,
    });
    if (!got) ctx.failures.push(`events: ${boundaries - started().length} promotion.started events never arrived`);
  } finally {
    await app.stop();
    await receiver.close();
    await db.drop();
  }
}
