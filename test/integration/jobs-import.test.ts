import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_BODY_LIMIT } from '../../src/http/app.ts';
import { client, createTestMerchant, type TestMerchant } from '../support/app.ts';
import { freshPrefix, type JobsTestApp, jobsAvailable, startJobsApp, waitFor } from '../support/jobs.ts';

const run = jobsAvailable('jobs-import');
const HEADER = 'sku,name,listPrice,unitCost,tags,onHand';

describe.runIf(run)('CSV product import', () => {
  let t: JobsTestApp;
  let m: TestMerchant;
  let call: ReturnType<typeof client>;
  const upload = (csv: string, contentType = 'text/csv') =>
    call('POST', '/v1/imports/products', csv, { 'content-type': contentType });
  const finished = (jobId: string) =>
    waitFor(
      `import ${jobId}`,
      async () => {
        const job = (await call('GET', `/v1/jobs/${jobId}`)).json();
        return job.state === 'completed' || job.state === 'failed' ? job : null;
      },
      30_000,
    );

  beforeAll(async () => {
    t = await startJobsApp({ prefix: freshPrefix('import') });
    m = await createTestMerchant(t.app);
    call = client(t.app, m.console);
  });
  afterAll(async () => t?.close());

  it('reports exactly the 3 bad rows among 1,000 and applies the rest', async () => {
    // An existing product whose stock the import sets through an adjustment of the difference.
    await call('PUT', '/v1/products/P-0001', { name: 'old', listPrice: 1, unitCost: 1 });
    await call('POST', '/v1/products/P-0001/stock-movements', { delta: 50, reason: 'receipt' });
    const lines = [HEADER];
    for (let i = 1; i <= 1000; i++) {
      const sku = `P-${String(i).padStart(4, '0')}`;
      lines.push(`${sku},"Product ${i}, boxed",${1000 + i},${400 + i},winter;clearance,${i % 7}`);
    }
    lines[101] = 'P-0101,Bad price,12.50,400,winter,3'; // row 102
    lines[500] = 'bad sku!,Bad sku,1000,400,,3'; // row 501
    lines[900] = 'P-0900,Short row,1000'; // row 901
    const res = await upload(`${lines.join('\n')}\n`);
    expect(res.statusCode).toBe(202);
    const job = await finished(res.json().jobId);
    expect(job).toMatchObject({ id: res.json().jobId, state: 'completed', progress: 100 });
    expect(job.result).toMatchObject({ rows: 1000, applied: 997, failed: 3 });
    expect(job.errors.map((e: { row: number }) => e.row)).toEqual([102, 501, 901]);
    expect(job.errors[0].message).toContain('listPrice');
    expect(job.errors[1].message).toContain('sku');
    expect(job.errors[2].message).toContain('columns');

    const p = (await call('GET', '/v1/products/P-0001')).json();
    expect(p).toMatchObject({
      name: 'Product 1, boxed',
      listPrice: 1001,
      unitCost: 401,
      tags: ['winter', 'clearance'],
    });
    expect(p.stock.onHand).toBe(1);
    const moves = (await call('GET', '/v1/products/P-0001/stock-movements')).json().items;
    expect(moves.at(-1)).toMatchObject({ delta: -49, reason: 'adjustment' });
    expect((await call('GET', '/v1/products/P-0700')).json().stock.onHand).toBe(0);
    expect((await call('GET', '/v1/products/P-0101')).statusCode).toBe(404);
    const count = await t.ctx.db
      .selectFrom('products')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('merchant_id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(997);
    const done = await t.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('type', '=', 'import.completed')
      .where('merchant_id', '=', m.id)
      .execute();
    expect(done.map((e) => e.data)).toEqual([
      { importId: job.id, state: 'completed', rows: 1000, applied: 997, failed: 3 },
    ]);
    // The stored file is dropped once applied.
    const chunks = await t.ctx.db.selectFrom('import_chunks').selectAll().where('import_id', '=', job.id).execute();
    expect(chunks).toHaveLength(0);
  });

  it('refuses a file whose header is wrong at upload, naming row 1, and stores nothing', async () => {
    const res = await upload('sku,name,price\nA,B,1\n');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'bad_request', message: expect.stringContaining('row 1: the header') });
    const stored = await t.ctx.db.selectFrom('imports').selectAll().where('merchant_id', '=', m.id).execute();
    expect(stored.filter((i) => i.size_bytes === 'sku,name,price\nA,B,1\n'.length)).toHaveLength(0);
  });

  it('answers 415 to JSON, 400 to an empty body, 413 past 50 MiB (1 MiB elsewhere), 404 to another merchant job', async () => {
    const json = await call('POST', '/v1/imports/products', { sku: 'A' });
    expect(json.statusCode).toBe(415);
    expect(json.json().error).toBe('unsupported_media_type');
    const empty = await upload('');
    expect(empty.statusCode).toBe(400);
    const huge = await upload('x'.repeat(CSV_BODY_LIMIT + 1));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error).toBe('payload_too_large');
    const bigJson = await call('POST', '/v1/webhooks', {
      url: 'https://example.com',
      events: ['x'.repeat(2 * 1024 * 1024)],
    });
    expect(bigJson.statusCode).toBe(413);
    const res = await upload(`${HEADER}\nZ-1,Z,10,5,,1\n`);
    const other = await createTestMerchant(t.app);
    expect((await client(t.app, other.console)('GET', `/v1/jobs/${res.json().jobId}`)).statusCode).toBe(404);
    expect((await finished(res.json().jobId)).state).toBe('completed');
  });

  it('accepts a body over 1 MiB on this route (the CSV limit is 50 MiB)', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 20_000; i++) lines.push(`BIG-${i},${'x'.repeat(40)},100,50,bulk,${i % 3}`);
    const csv = `${lines.join('\n')}\n`;
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    const res = await upload(csv);
    expect(res.statusCode).toBe(202);
    const job = await finished(res.json().jobId);
    expect(job.result).toMatchObject({ rows: 20_000, applied: 20_000, failed: 0 });
  });
});
