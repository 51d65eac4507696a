import { connect } from 'node:net';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_BODY_LIMIT } from '../../src/http/app.ts';
import { runImport } from '../../src/services/imports.ts';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/app.ts';
import { errorShapeProblem, Tally } from './lib/contract.ts';
import { badFileArb, csvFileArb } from './lib/csv.ts';
import { changedTables, fingerprint } from './lib/fingerprint.ts';
import { type OpenApiDoc, type Operation, operationsOf } from './lib/fuzz.ts';
import { type FuzzRequest, hostileValidRequestArb, malformedRequestArb, type RequestContext } from './lib/requests.ts';
import { idsFor, type SeededMerchant, seedMerchant } from './lib/seed.ts';

/**
 * Every route, generated from the app's own OpenAPI document: malformed requests answer 4xx in the error shape and
 * change nothing; legal-but-strange requests to read-only routes never answer 5xx. `FUZZ_CASES` sets the number of
 * malformed cases (default 12,000); `FUZZ_SEED` replays a run.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 12_000);
const HOSTILE_CASES = Number(process.env.FUZZ_HOSTILE_CASES ?? 1_500);
const WRITE_CASES = Number(process.env.FUZZ_WRITE_CASES ?? 400);
const CSV_FILES = Number(process.env.FUZZ_CSV_FILES ?? 200);
const CSV_IMPORTS = Number(process.env.FUZZ_CSV_IMPORTS ?? 40);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2_147_483_647;

/** Routes that change nothing, so legal requests with strange values may run all the way. */
const READ_ONLY = (op: Operation) =>
  op.method === 'GET' || ['/v1/quotes', '/v1/promotions/preview', '/v1/planner/markdown'].includes(op.path);

describe('fuzz: every route, from its schemas', () => {
  let t: TestApp;
  let a: SeededMerchant;
  let ops: Operation[];
  let ctx: RequestContext;
  const cases = new Tally();

  const send = (r: FuzzRequest) =>
    t.app.inject({
      method: r.method as 'GET',
      url: r.url,
      headers: r.headers,
      ...(r.payload !== undefined && { payload: r.payload }),
    }) as Promise<LightMyRequestResponse>;
  const describeReq = (r: FuzzRequest) =>
    `${r.method} ${r.url.slice(0, 200)} [${r.broken}] ${JSON.stringify(r.headers).slice(0, 200)} ${(r.payload ?? '').slice(0, 300)}`;

  beforeAll(async () => {
    t = await startTestApp();
    a = await seedMerchant(t.app, 'Fuzzed', 'FZ');
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as OpenApiDoc;
    ops = operationsOf(doc).filter((op) => op.path.startsWith('/v1/'));
    ctx = {
      key: (op) => (op.path === '/v1/merchants' ? ADMIN_TOKEN : a.console),
      pathValues: (op) => idsFor(a, op.path),
    };
  });
  afterAll(async () => {
    console.log(`fuzz (seed ${seed}): ${cases.total()} cases — ${cases}`);
    await t?.close();
  });

  it('knows every /v1 route', () => {
    // The fuzzer reads routes from /docs/json; a route hidden from it would go unfuzzed.
    const documented = new Set(ops.map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`));
    const routes = t.app
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .filter((l) => l.includes('/v1'));
    expect(ops.length).toBeGreaterThanOrEqual(35);
    expect(routes.length).toBeGreaterThan(0);
    for (const op of ops) expect(documented.has(`${op.method} ${op.path.replace(/\{(\w+)\}/g, ':$1')}`)).toBe(true);
  });

  it(`answers ${CASES} malformed requests with a 4xx in the error shape, and changes nothing`, async () => {
    const before = await fingerprint(t.ctx.db);
    const statuses = new Tally();
    const sites = new Tally();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops).chain((op) => malformedRequestArb(op, ctx)),
        async (r) => {
          const res = await send(r);
          cases.add('malformed');
          statuses.add(String(res.statusCode));
          sites.add(r.broken.split(':')[0]!);
          if (res.statusCode < 400 || res.statusCode >= 500 || res.statusCode === 429) {
            throw new Error(`${res.statusCode} ${res.body.slice(0, 300)} for ${describeReq(r)}`);
          }
          if (r.method !== 'HEAD') {
            const problem = errorShapeProblem(res.statusCode, res.body);
            if (problem) throw new Error(`${problem} for ${describeReq(r)}`);
          }
        },
      ),
      { numRuns: CASES, seed, endOnFailure: false, markInterruptAsFailure: true },
    );
    console.log(`malformed: statuses ${statuses}; broken parts ${sites}`);
    expect(changedTables(before, await fingerprint(t.ctx.db))).toEqual([]);
    // Still serving.
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const me = await t.app.inject({
      method: 'GET',
      url: '/v1/merchant',
      headers: { authorization: `Bearer ${a.console}` },
    });
    expect(me.statusCode).toBe(200);
  }, 240_000);

  it(`answers ${HOSTILE_CASES} legal but strange requests to read-only routes without a 5xx, changing nothing`, async () => {
    const readOnly = ops.filter(READ_ONLY);
    const before = await fingerprint(t.ctx.db);
    const statuses = new Tally();
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...readOnly).chain((op) => hostileValidRequestArb(op, ctx)),
        async (r) => {
          const started = performance.now();
          const res = await send(r);
          slowest = Math.max(slowest, performance.now() - started);
          cases.add('legal-strange');
          statuses.add(String(res.statusCode));
          if (res.statusCode >= 500)
            throw new Error(`${res.statusCode} ${res.body.slice(0, 300)} for ${describeReq(r)}`);
          if (res.statusCode >= 400) {
            const problem = errorShapeProblem(res.statusCode, res.body);
            if (problem) throw new Error(`${problem} for ${describeReq(r)}`);
          }
        },
      ),
      { numRuns: HOSTILE_CASES, seed },
    );
    console.log(`legal-strange: statuses ${statuses}; slowest ${slowest.toFixed(0)} ms`);
    expect(changedTables(before, await fingerprint(t.ctx.db))).toEqual([]);
    expect(slowest).toBeLessThan(10_000);
  }, 240_000);

  it(`refuses ${CSV_FILES} files that are not a product CSV with a 4xx, storing nothing`, async () => {
    const before = await fingerprint(t.ctx.db);
    const upload = (body: Buffer | string, type: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/imports/products',
        headers: { authorization: `Bearer ${a.console}`, 'content-type': type },
        payload: body,
      });
    await fc.assert(
      fc.asyncProperty(badFileArb, async (f) => {
        const res = await upload(f.body, f.type);
        cases.add('csv-file');
        if (res.statusCode < 400 || res.statusCode >= 500) {
          throw new Error(`${f.why}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
        const problem = errorShapeProblem(res.statusCode, res.body);
        if (problem) throw new Error(`${f.why}: ${problem}`);
      }),
      { numRuns: CSV_FILES, seed },
    );
    const huge = await upload(Buffer.alloc(CSV_BODY_LIMIT + 1, 'x'), 'text/csv');
    cases.add('csv-file');
    expect(huge.statusCode).toBe(413);
    expect(errorShapeProblem(huge.statusCode, huge.body)).toBeNull();
    expect(changedTables(before, await fingerprint(t.ctx.db))).toEqual([]);
  }, 120_000);

  it(`reports every bad row of ${CSV_IMPORTS} generated CSVs by number and applies exactly the good rows`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat().chain(() => csvFileArb(`CSV${n++}`)),
        async ({ text, rows }) => {
          const res = await t.app.inject({
            method: 'POST',
            url: '/v1/imports/products',
            headers: { authorization: `Bearer ${a.console}`, 'content-type': 'text/csv' },
            payload: text,
          });
          cases.add('csv-import');
          expect(res.statusCode).toBe(202);
          const outcome = await runImport(t.ctx, { importId: res.json().jobId });
          const job = (
            await t.app.inject({
              method: 'GET',
              url: `/v1/jobs/${res.json().jobId}`,
              headers: { authorization: `Bearer ${a.console}` },
            })
          ).json();
          const bad = rows.flatMap((r, i) => (r.good ? [] : [i + 2]));
          expect(job.state).toBe('completed');
          expect(outcome).toEqual({ rows: rows.length, applied: rows.length - bad.length, failed: bad.length });
          expect((job.errors ?? []).map((e: { row: number }) => e.row)).toEqual(bad);
          for (const r of rows) {
            const p = await t.ctx.db
              .selectFrom('products')
              .selectAll()
              .where('merchant_id', '=', a.id)
              .where('sku', '=', r.sku)
              .executeTakeFirst();
            if (!r.good) {
              if (p) throw new Error(`bad row (${r.why}) created ${r.sku}`);
              continue;
            }
            expect(p).toMatchObject({
              name: r.values!.name,
              list_price: r.values!.listPrice,
              unit_cost: r.values!.unitCost,
              tags: r.values!.tags,
              on_hand: r.values!.onHand,
            });
          }
        },
      ),
      { numRuns: CSV_IMPORTS, seed },
    );
  }, 180_000);

  it('answers broken HTTP (oversized headers, bad request lines, bad chunking) in the error shape over a real socket', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const raw = (text: string | Buffer) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1');
        let got = '';
        socket.on('data', (c) => {
          got += c.toString('latin1');
        });
        socket.on('error', () => resolve(got));
        socket.on('close', () => resolve(got));
        socket.setTimeout(5000, () => socket.destroy());
        socket.end(text);
      });
    const auth = `Authorization: Bearer ${a.console}\r\n`;
    const requests: [string, string | Buffer][] = [
      ['headers past the limit', `GET /v1/merchant HTTP/1.1\r\nHost: x\r\n${auth}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
      [
        'many headers',
        `GET /v1/merchant HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 3000 }, (_, i) => `X-${i}: y`).join('\r\n')}\r\n\r\n`,
      ],
      ['garbage request line', 'NOT-HTTP\r\n\r\n'],
      ['bad method', `GE T /v1/merchant HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['bad version', `GET /v1/merchant HTTP/9.9\r\nHost: x\r\n\r\n`],
      ['NUL in the path', `GET /v1/mer\u0000chant HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['space in a header name', `GET /v1/merchant HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n`],
      [
        'bad chunk size',
        `POST /v1/quotes HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n`,
      ],
      [
        'length and chunked',
        `POST /v1/quotes HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}`,
      ],
      [
        'two lengths',
        `POST /v1/quotes HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
      ],
      [
        'non-latin1 bytes in a header',
        Buffer.concat([
          Buffer.from(`GET /v1/merchant HTTP/1.1\r\nHost: x\r\nX-A: `),
          Buffer.from([0x00, 0x7f]),
          Buffer.from('\r\n\r\n'),
        ]),
      ],
    ];
    const before = await fingerprint(t.ctx.db);
    for (const [what, text] of requests) {
      const answer = await raw(text);
      cases.add('raw-http');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      expect(m, `${what}: ${answer.slice(0, 200)}`).not.toBeNull();
      const status = Number(m![1]);
      expect(status >= 400 && status < 500, `${what}: ${answer.slice(0, 200)}`).toBe(true);
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      expect(errorShapeProblem(status, body), `${what}: ${answer.slice(0, 300)}`).toBeNull();
    }
    expect(changedTables(before, await fingerprint(t.ctx.db))).toEqual([]);
  });

  it(`answers ${WRITE_CASES} legal but strange writes without a 5xx; a refused write changes nothing`, async () => {
    const writes = ops.filter((op) => !READ_ONLY(op) && op.path !== '/v1/imports/products');
    let last = await fingerprint(t.ctx.db);
    const statuses = new Tally();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...writes).chain((op) => hostileValidRequestArb(op, ctx)),
        async (r) => {
          const res = await send(r);
          cases.add('legal-strange-write');
          statuses.add(String(res.statusCode));
          if (res.statusCode >= 500)
            throw new Error(`${res.statusCode} ${res.body.slice(0, 300)} for ${describeReq(r)}`);
          const now = await fingerprint(t.ctx.db);
          if (res.statusCode >= 400) {
            const problem = errorShapeProblem(res.statusCode, res.body);
            if (problem) throw new Error(`${problem} for ${describeReq(r)}`);
            const changed = changedTables(last, now);
            if (changed.length > 0)
              throw new Error(`${res.statusCode} changed ${changed.join('; ')} for ${describeReq(r)}`);
          }
          last = now;
        },
      ),
      { numRuns: WRITE_CASES, seed },
    );
    console.log(`legal-strange writes: statuses ${statuses}`);
  }, 240_000);
});
