import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UNIT_PRICE } from '../../src/domain/money.ts';
import { client, createTestMerchant, startTestApp, type TestApp, type TestMerchant } from '../support/app.ts';
import { announceSkip, DATABASE_URL } from '../support/db.ts';
import { errorShapeProblem } from './lib/contract.ts';
import { changedTables, fingerprint } from './lib/fingerprint.ts';

if (!DATABASE_URL) announceSkip('reliability regressions: promotion edits vs carts (deadlock)', 'DATABASE_URL');

/** Bugs the reliability suites found, each pinned by the smallest request that showed it. */
describe('reliability regressions', () => {
  let t: TestApp;
  let m: TestMerchant;
  let call: ReturnType<typeof client>;
  beforeAll(async () => {
    t = await startTestApp();
    m = await createTestMerchant(t.app);
    call = client(t.app, m.console);
  });
  afterAll(async () => t?.close());

  it('answers router errors (bad percent-escape, over-long path parameter) in the error shape', async () => {
    const badEscape = await call('GET', '/v1/products/%zz');
    expect(badEscape.statusCode).toBe(400);
    expect(errorShapeProblem(badEscape.statusCode, badEscape.body)).toBeNull();
    const long = await call('GET', `/v1/products/${'x'.repeat(300)}`);
    expect(long.statusCode).toBe(414);
    expect(errorShapeProblem(long.statusCode, long.body)).toBeNull();
  });

  it('keeps every cart total exact: unit prices are bounded so 200 lines × 10,000 units stay safe integers', async () => {
    const over = await call('PUT', '/v1/products/BIG', { name: 'big', listPrice: MAX_UNIT_PRICE + 1, unitCost: 1 });
    expect(over.statusCode).toBe(400);
    expect(over.json().message).toContain('listPrice');
    const lines = [];
    for (let i = 0; i < 200; i++) {
      const sku = `MAX-${i}`;
      const res = await call('PUT', `/v1/products/${sku}`, { name: sku, listPrice: MAX_UNIT_PRICE, unitCost: 0 });
      expect(res.statusCode).toBe(201);
      lines.push({ sku, quantity: 10_000 });
    }
    const q = await client(t.app, m.storefront)('POST', '/v1/quotes', { lines });
    expect(q.statusCode).toBe(200);
    expect(Number.isSafeInteger(q.json().total)).toBe(true);
    expect(q.json().total).toBe(MAX_UNIT_PRICE * 10_000 * 200);
  }, 60_000);

  it.runIf(DATABASE_URL)(
    'edits promotions while carts hold and confirm them, without a 500 (deadlock)',
    async () => {
      // Carts take KEY SHARE locks on their promotions (foreign keys of their promotion units) before they update the
      // counters; a PATCH that locked the row FOR UPDATE queued among them and PostgreSQL broke the cycle by failing it.
      const skus = Array.from({ length: 6 }, (_, i) => `DL-${i}`);
      for (const sku of skus) {
        await call('PUT', `/v1/products/${sku}`, { name: sku, listPrice: 1000, unitCost: 100, tags: ['dl'] });
        await call('POST', `/v1/products/${sku}/stock-movements`, { delta: 100_000, reason: 'receipt' });
      }
      const startsAt = new Date(Date.now() - 60_000).toISOString();
      const promo = await call('POST', '/v1/promotions', {
        name: 'dl',
        kind: 'amount_off',
        target: { tags: ['dl'] },
        amount: 100,
        startsAt,
      });
      const capped = await call('POST', '/v1/promotions', {
        name: 'dl capped',
        kind: 'percent_off',
        target: { skus: skus.slice(0, 3) },
        percentBps: 2000,
        stockCap: 1_000_000,
        perCustomerLimit: 100_000,
        startsAt,
      });
      const shop = client(t.app, m.storefront);
      const failures: string[] = [];
      const record = (what: string, r: { statusCode: number; body: string }) => {
        if (r.statusCode >= 500) failures.push(`${what} ${r.statusCode} ${r.body}`);
      };
      const carts = Array.from({ length: 400 }, async (_, i) => {
        const lines = [skus[i % 6]!, skus[(i + 1 + (i % 4)) % 6]!].map((sku) => ({ sku, quantity: 1 }));
        const r = await shop('POST', '/v1/reservations', { lines, customerId: `c${i % 9}` });
        record('reserve', r);
        if (r.statusCode === 201) {
          record('close', await shop('POST', `/v1/reservations/${r.json().id}/${i % 3 ? 'confirm' : 'cancel'}`));
        }
      });
      const edits = Array.from({ length: 120 }, async (_, i) => {
        const id = (i % 2 ? promo : capped).json().id;
        const body = i % 2 ? { amount: 100 + (i % 5) * 10 } : { percentBps: 2000 + (i % 5) * 100 };
        record('patch', await call('PATCH', `/v1/promotions/${id}`, body));
      });
      await Promise.all([...carts, ...edits]);
      expect(failures).toEqual([]);
    },
    120_000,
  );

  it('refuses a CSV with a NUL byte, invalid UTF-8 or a quoted look-alike header before storing it', async () => {
    const before = await fingerprint(t.ctx.db);
    const upload = (body: Buffer | string) =>
      call('POST', '/v1/imports/products', body, { 'content-type': 'text/csv' });
    const header = 'sku,name,listPrice,unitCost,tags,onHand';
    for (const body of [
      `${header}\nA,x\u0000y,10,5,,1\n`,
      Buffer.concat([Buffer.from(`${header}\nA,`), Buffer.from([0xff, 0xfe]), Buffer.from(',10,5,,1\n')]),
      `"sku,name",listPrice,unitCost,tags,onHand\nA,1,1,,1\n`,
    ]) {
      const res = await upload(body);
      expect(res.statusCode).toBe(400);
      expect(errorShapeProblem(res.statusCode, res.body)).toBeNull();
    }
    expect(changedTables(before, await fingerprint(t.ctx.db))).toEqual([]);
  });
});
