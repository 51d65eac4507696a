import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UNIT_PRICE } from '../../src/domain/money.ts';
import { client, createTestMerchant, startTestApp, type TestApp, type TestMerchant } from '../support/app.ts';
import { errorShapeProblem } from './lib/contract.ts';
import { changedTables, fingerprint } from './lib/fingerprint.ts';

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

  it('refuses a CSV with a NUL byte, invalid UTF-8 or a quoted look-alike header before storing it', async () => {
    const before = await fingerprint(t.services.db);
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
    expect(changedTables(before, await fingerprint(t.services.db))).toEqual([]);
  });
});
