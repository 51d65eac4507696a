import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticPages } from '../../src/http/static.ts';
import { client, createTestMerchant, startTestApp, type TestApp } from '../support/app.ts';

/** How /console and /shop are served, on a throwaway dist directory (no build or browser needed). */
describe('serving the console and shop pages', () => {
  let dist: string;
  let built: FastifyInstance;
  let missing: FastifyInstance;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'dist-'));
    for (const page of ['console', 'shop']) {
      mkdirSync(join(dist, page, 'assets'), { recursive: true });
      writeFileSync(join(dist, page, 'index.html'), `<!doctype html><title>${page}</title>`);
    }
    writeFileSync(join(dist, 'console', 'assets', 'app-abc123.js'), 'console.log(1)');
    built = Fastify();
    await built.register(staticPages, { distDir: dist });
    missing = Fastify();
    await missing.register(staticPages, { distDir: join(dist, 'nope') });
  });
  afterAll(async () => {
    await built?.close();
    await missing?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('sends index.html for every client-side route, with a CSP and no caching', async () => {
    for (const url of ['/console/', '/console/promotions/abc/edit', '/shop/', '/shop/anything']) {
      const res = await built.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain(`<title>${url.split('/')[1]}</title>`);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('sends hashed assets with a long cache, 404s missing files, and refuses to leave dist', async () => {
    const asset = await built.inject('/console/assets/app-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await built.inject('/console/assets/gone-000.js')).statusCode).toBe(404);
    writeFileSync(join(dist, 'secret.txt'), 'outside the page');
    for (const url of ['/console/..%2fsecret.txt', '/console/%2e%2e/secret.txt', '/shop/../secret.txt']) {
      const res = await built.inject(url);
      expect([403, 404], url).toContain(res.statusCode);
      expect(res.body).not.toContain('outside the page');
    }
  });

  it('redirects /console and /shop to their trailing-slash form, keeping the query', async () => {
    const res = await built.inject('/shop?key=abc');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/shop/?key=abc');
    expect((await built.inject('/console')).headers.location).toBe('/console/');
  });

  it('says to run npm run build when the pages are not built, instead of failing', async () => {
    const res = await missing.inject('/console/catalog');
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('npm run build');
  });
});

describe('GET /v1/catalog (storefront)', () => {
  let t: TestApp;
  let shop: ReturnType<typeof client>;
  let call: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startTestApp();
    const m = await createTestMerchant(t.app, { name: 'Cat', currency: 'JPY' });
    shop = client(t.app, m.storefront);
    call = client(t.app, m.console);
    for (const [sku, tags] of [
      ['B-1', ['x']],
      ['A-1', ['x', 'y']],
      ['C-1', ['y']],
    ] as const) {
      await call('PUT', `/v1/products/${sku}`, { name: `Name ${sku}`, listPrice: 1000, unitCost: 600, tags });
    }
  });
  afterAll(async () => t?.close());

  it('lists names and tags only, in SKU order, with cursors and the currency', async () => {
    const first = await shop('GET', '/v1/catalog?limit=2');
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body).toEqual({
      items: [
        { sku: 'A-1', name: 'Name A-1', tags: ['x', 'y'] },
        { sku: 'B-1', name: 'Name B-1', tags: ['x'] },
      ],
      nextCursor: expect.any(String),
      currency: 'JPY',
    });
    const next = (await shop('GET', `/v1/catalog?limit=2&cursor=${body.nextCursor}`)).json();
    expect(next.items.map((i: { sku: string }) => i.sku)).toEqual(['C-1']);
    expect(next.nextCursor).toBeNull();
    const tagged = (await shop('GET', '/v1/catalog?tag=y')).json();
    expect(tagged.items.map((i: { sku: string }) => i.sku)).toEqual(['A-1', 'C-1']);
  });

  it('needs a merchant key and validates the query', async () => {
    expect((await t.app.inject('/v1/catalog')).statusCode).toBe(401);
    expect((await call('GET', '/v1/catalog')).statusCode).toBe(200);
    expect((await shop('GET', '/v1/catalog?limit=0')).statusCode).toBe(400);
    expect((await shop('GET', '/v1/catalog?cursor=nonsense')).statusCode).toBe(400);
  });
});
