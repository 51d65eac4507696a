import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/services/imports.ts';
import { announceSkip } from '../support/db.ts';
import { type Browser, chromiumAvailable, ensureBuilt, launch, type Server, shoot, startServer } from './harness.ts';

if (!chromiumAvailable) announceSkip('e2e', '/usr/bin/chromium');

const HOUR = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name });

/** Products in cents; the tent's floor is ceil(16000 / 0.9) = $177.78 at the merchant's 10% minimum margin. */
const PRODUCTS = [
  { sku: 'TENT-1', name: 'Trail tent, 2 person', listPrice: 24900, unitCost: 16000, tags: ['camping'], onHand: 1 },
  { sku: 'LANTERN-1', name: 'Camp lantern', listPrice: 3900, unitCost: 1500, tags: ['camping'], onHand: 30 },
  { sku: 'MUG-1', name: 'Enamel mug', listPrice: 1200, unitCost: 400, tags: ['kitchen'], onHand: 80 },
  { sku: 'STOVE-1', name: 'Pocket stove', listPrice: 5900, unitCost: 2600, tags: ['camping', 'kitchen'], onHand: 12 },
];

describe.skipIf(!chromiumAvailable)('console and demo shop in Chromium', () => {
  let s: Server;
  let one: Browser;
  let two: Browser;
  let console_: Page;
  let promotionId = '';

  beforeAll(async () => {
    ensureBuilt();
    s = await startServer();
    for (const { sku, onHand, ...p } of PRODUCTS) {
      expect((await s.call('PUT', `/v1/products/${sku}`, p)).statusCode).toBe(201);
      await s.call('POST', `/v1/products/${sku}/stock-movements`, { delta: onHand, reason: 'receipt' });
    }
    const bundle = await s.call('POST', '/v1/promotions', {
      name: 'Lantern and mug set',
      kind: 'bundle',
      items: [
        { sku: 'LANTERN-1', quantity: 1 },
        { sku: 'MUG-1', quantity: 1 },
      ],
      price: 4200,
      startsAt: iso(Date.now() - HOUR),
      endsAt: iso(Date.now() + 48 * HOUR),
    });
    expect(bundle.statusCode).toBe(201);
    [one, two] = await Promise.all([launch(), launch()]);
    console_ = await one.context.newPage();
  }, 90_000);

  afterAll(async () => {
    await one?.close();
    await two?.close();
    await s?.t.close();
  });

  it('signs in with a console key and shows the catalog with stock and floors', async () => {
    const page = console_;
    await page.goto(`${s.base}/console/`);
    await shoot(page, 'login');
    await page.getByLabel('Console API key').fill('not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That key was not accepted').waitFor();
    await page.getByLabel('Console API key').fill(s.merchant.console);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
    const tent = page.getByRole('row', { name: /TENT-1/ });
    await expect(tent.textContent()).resolves.toMatch(/\$249\.00.*\$160\.00.*\$177\.78/);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toContain(s.merchant.console);
    expect(await page.evaluate(() => Object.values(localStorage))).not.toContain(s.merchant.console);
    // Keyboard: focus lands on the page heading; from the top, the first Tab reaches the skip link, with a focus ring.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Catalog');
    await page.reload(); // still signed in: the key is in this tab's sessionStorage
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return { text: el.textContent, outline: getComputedStyle(el).outlineStyle };
    });
    expect(focused).toEqual({ text: 'Skip to content', outline: 'solid' });
    await shoot(page, 'catalog');
  });

  it('edits a product and records a stock movement', async () => {
    const page = console_;
    await page.getByRole('link', { name: 'LANTERN-1' }).click();
    await page.getByRole('heading', { name: 'Product LANTERN-1' }).waitFor();
    // After a client-side navigation, focus lands on the new page's heading.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await page.getByLabel('List price').fill('41.50');
    await page.getByRole('button', { name: 'Save product' }).click();
    await page.getByText('Saved. The margin floor is now $16.67.').waitFor();
    await page.getByLabel('Units (+ in, − out)').fill('5');
    await page.getByLabel('Note').fill('late delivery');
    await page.getByRole('button', { name: 'Record movement' }).click();
    await page.getByText('Recorded. On hand 35, available 35.').waitFor();
    await page.getByRole('cell', { name: 'late delivery' }).waitFor();
    const saved = (await s.call('GET', '/v1/products/LANTERN-1')).json();
    expect(saved).toMatchObject({ listPrice: 4150, stock: { onHand: 35 } });
    await shoot(page, 'product');
  });

  it('turns the editor form of every promotion kind into a body the preview accepts', async () => {
    const page = console_;
    await nav(page, 'Promotions').click();
    await page.getByRole('link', { name: 'New promotion' }).click();
    await page.getByRole('heading', { name: 'New promotion' }).waitFor();
    await page.getByLabel('Name').fill('Kind check');
    /** Fills a kind's fields, then waits for the preview of exactly that body and checks the server accepted it. */
    const check = async (kind: string, fill: () => Promise<void>, want: (body: Record<string, unknown>) => boolean) => {
      const previewed = page.waitForResponse((r) => {
        if (!r.url().endsWith('/v1/promotions/preview')) return false;
        const body = JSON.parse(r.request().postData() ?? '{}');
        return body.kind === kind && want(body);
      });
      await page.getByLabel('Kind').selectOption(kind);
      await fill();
      const res = await previewed;
      expect(res.status(), `${kind}: ${await res.text()}`).toBe(200);
      await page
        .locator('.preview [role=status]')
        .getByText(/stays? at or above|would sell below/)
        .waitFor();
    };
    const group = (name: string) => page.getByRole('group', { name, exact: true });
    await check(
      'percent_off',
      async () => {
        await group('Applies to').getByLabel('Tags').fill('camping');
        await page.getByLabel('Discount', { exact: true }).fill('10');
        await page.getByRole('button', { name: 'Add step' }).click();
        await page.getByLabel('Step 1: discount').fill('15');
        await page.getByRole('button', { name: 'Add window' }).click();
        await page.getByLabel('Window 1: from').fill('18:00');
        await page.getByLabel('Time zone of the windows').fill('Europe/Paris');
      },
      (b) =>
        JSON.stringify(b.steps) === '[{"afterSeconds":604800,"percentBps":1500}]' &&
        b.timezone === 'Europe/Paris' &&
        Array.isArray(b.dailyWindows),
    );
    await page.getByRole('button', { name: 'Remove window 1' }).click();
    await page.getByRole('button', { name: 'Remove step 1' }).click();
    await check(
      'amount_off',
      () => page.getByLabel('Amount off each unit').fill('1.50'),
      (b) => b.amount === 150 && !('percentBps' in b),
    );
    await check(
      'fixed_price',
      () => page.getByLabel('Price of each unit').fill('30'),
      (b) => b.price === 3000,
    );
    await check(
      'tiered',
      async () => {
        await page.getByRole('button', { name: 'Add tier' }).click();
        await page.getByLabel('Tier 2: from units').fill('4');
        await page.getByLabel('Tier 2: discount').fill('20');
      },
      (b) => JSON.stringify(b.tiers) === '[{"minQuantity":2,"percentBps":1000},{"minQuantity":4,"percentBps":2000}]',
    );
    await check(
      'bundle',
      async () => {
        await page.getByLabel('Item 1: SKU').fill('LANTERN-1');
        await page.getByLabel('Item 2: SKU').fill('MUG-1');
        await page.getByLabel('Price of one set').fill('45.00');
      },
      (b) => b.price === 4500 && !('target' in b) && (b.items as unknown[]).length === 2,
    );
    await check(
      'mix_and_match',
      () => page.getByLabel('Price of one group').fill('100'),
      (b) => b.quantity === 3 && b.price === 10000 && JSON.stringify(b.target) === '{"tags":["camping"]}',
    );
    await check(
      'bxgy',
      async () => {
        await group('Buy').getByLabel('Tags').fill('kitchen');
        await group('Get').getByLabel('SKUs').fill('MUG-1');
        await page.getByLabel('Discount on those').fill('50');
      },
      (b) => JSON.stringify(b.get) === '{"target":{"skus":["MUG-1"]},"quantity":1,"percentBps":5000}',
    );
    await nav(page, 'Promotions').click();
  });

  it('blocks a promotion whose margin preview breaches a floor, then saves the fixed one', async () => {
    const page = console_;
    await page.getByRole('link', { name: 'New promotion' }).click();
    await page.getByRole('heading', { name: 'New promotion' }).waitFor();
    await page.getByLabel('Name').fill('Tent flash sale');
    await page.getByLabel('SKUs').fill('TENT-1, STOVE-1');
    await page.getByLabel('Discount', { exact: true }).fill('40');
    await page.getByText('1 of 2 SKUs would sell below their margin floor').waitFor();
    const save = page.getByRole('button', { name: 'Save promotion' });
    expect(await save.isDisabled()).toBe(true);
    await page.getByText('Save is blocked: 1 SKU would sell below the margin floor.').waitFor();
    const breach = page.locator('tr.breach');
    expect(await breach.count()).toBe(1);
    await expect(breach.textContent()).resolves.toMatch(/TENT-1.*below floor.*\$149\.40/);
    await shoot(page, 'promotion-editor-breach');

    await page.getByLabel('Discount', { exact: true }).fill('25');
    await page.getByText('All 2 SKUs stay at or above their margin floors.').waitFor();
    expect(await page.locator('tr.breach').count()).toBe(0);
    await page.getByLabel('Per-customer limit').fill('2');
    await page.getByText('All 2 SKUs stay at or above their margin floors.').waitFor();
    await shoot(page, 'promotion-editor');
    await save.click();
    await page.getByRole('heading', { name: /Tent flash sale/ }).waitFor();
    promotionId = page.url().split('/').pop()!;
    const p = (await s.call('GET', `/v1/promotions/${promotionId}`)).json();
    expect(p).toMatchObject({
      status: 'active',
      percentBps: 2500,
      perCustomerLimit: 2,
      target: { skus: ['TENT-1', 'STOVE-1'] },
    });
  });

  it('shows the promo price and countdown in the shop, explains the cart, and two shoppers race for the last tent', async () => {
    const [a, b] = await Promise.all([one.context.newPage(), two.context.newPage()]);
    for (const page of [a, b]) {
      await page.goto(`${s.base}/shop/?key=${s.merchant.storefront}`);
      expect(page.url()).not.toContain('key=');
    }
    const tentCard = (page: Page) => page.locator('article[data-sku="TENT-1"]');
    await tentCard(a).getByText('$186.75').waitFor();
    await expect(tentCard(a).locator('del').textContent()).resolves.toContain('$249.00');
    await tentCard(a)
      .getByText(/Deal ends in \d+d \d+h \d\dm \d\ds/)
      .waitFor();
    await tentCard(a).getByText('1 left at this price').waitFor();
    await shoot(a, 'shop');

    await a.getByRole('button', { name: 'Add Enamel mug to cart' }).click();
    await a.getByRole('button', { name: 'Add Camp lantern to cart' }).click();
    await a.getByText('“Lantern and mug set” took $11.50 off 2 items.').waitFor();
    await a.getByRole('button', { name: 'Remove Enamel mug' }).click();
    await a.getByText('Another offer needs the rest of its set in the cart.').waitFor();
    await a.getByRole('button', { name: 'Add Trail tent, 2 person to cart' }).click();
    await a.getByText('“Tent flash sale” took $62.25 off 1 item.').waitFor();
    await a.getByRole('link', { name: /Cart \(2\)/ }).waitFor();
    await shoot(a, 'shop-cart');
    await a.getByRole('button', { name: 'Remove Camp lantern' }).click();

    await b.getByRole('button', { name: 'Add Trail tent, 2 person to cart' }).click();
    for (const page of [a, b]) await page.getByRole('button', { name: 'Check out · $186.75' }).waitFor();

    await Promise.all([a, b].map((page) => page.getByRole('button', { name: /Check out/ }).click()));
    const outcome = async (page: Page) => {
      const status = page.locator('.outcome');
      await status.getByText(/Order confirmed|sold out/).waitFor();
      return (await status.textContent()) ?? '';
    };
    const results = await Promise.all([outcome(a), outcome(b)]);
    expect(results.filter((r) => r.includes('Order confirmed'))).toHaveLength(1);
    expect(results.filter((r) => r.includes('Sorry, sold out: Trail tent, 2 person'))).toHaveLength(1);
    for (const page of [a, b]) await tentCard(page).getByText('Sold out').waitFor();
    const tent = (await s.call('GET', '/v1/products/TENT-1')).json();
    expect(tent.stock).toEqual({ onHand: 0, reserved: 0, available: 0 });
    const loser = results[0]!.includes('Order confirmed') ? b : a;
    await shoot(loser, 'shop-sold-out');
    await Promise.all([a.close(), b.close()]);
  });

  it('shows the promotion with counters, a sell-through chart and its history; edits, pauses, resumes and ends it', async () => {
    const page = console_;
    await page.goto(`${s.base}/console/promotions/${promotionId}`);
    await page.getByRole('heading', { name: /Tent flash sale/ }).waitFor();
    const units = page.locator('dl.stats div', { hasText: 'Units sold' });
    await expect(units.locator('dd').textContent()).resolves.toBe('1');
    await page.getByRole('img', { name: /Units sold per day: latest .* 1, highest 1/ }).waitFor();
    await page.getByRole('img', { name: /Revenue per day: latest .* \$186\.75/ }).waitFor();
    await page.getByRole('img', { name: /Stock remaining: latest .* 12/ }).waitFor();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit Tent flash sale' }).waitFor();
    expect(await page.getByLabel('Kind').isDisabled()).toBe(true);
    await page.getByLabel('Per-customer limit').fill('3');
    await page.getByText('All 2 SKUs stay at or above their margin floors.').waitFor();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('ol.history li', { hasText: 'Changed perCustomerLimit: 2 → 3' }).waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByText('The promotion is now paused.').waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByText('The promotion is now active.').waitFor();
    await page.locator('ol.history li', { hasText: 'Resume' }).waitFor();
    expect(await page.locator('ol.history li').allTextContents()).toEqual([
      expect.stringContaining('Created'),
      expect.stringContaining('Changed perCustomerLimit'),
      expect.stringContaining('Pause'),
      expect.stringContaining('Resume'),
    ]);
    await shoot(page, 'promotion-detail');
    expect((await s.call('GET', `/v1/promotions/${promotionId}`)).json().perCustomerLimit).toBe(3);

    await nav(page, 'Promotions').click();
    await page.getByRole('link', { name: 'Active' }).click();
    await page.getByRole('link', { name: 'Tent flash sale' }).waitFor();
    await page.getByRole('link', { name: 'Paused' }).click();
    await page.getByText('No promotions here.').waitFor();

    await page.goto(`${s.base}/console/promotions/${promotionId}`);
    await page.getByRole('button', { name: 'End…' }).click();
    await page.getByText('Ending is final').waitFor();
    await page.getByRole('button', { name: 'Confirm: end now' }).click();
    await page.getByText('The promotion is now ended.').waitFor();
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect((await s.call('GET', `/v1/promotions/${promotionId}`)).json().status).toBe('ended');
  });

  it('imports products from CSV and follows the job with a progress bar', async () => {
    const page = console_;
    await nav(page, 'Import').click();
    const csv = [
      'sku,name,listPrice,unitCost,tags,onHand',
      'SOCK-1,Wool socks,1500,400,socks,40',
      'BAD SKU,Nope,1,1,,1',
      'HAT-1,Beanie,2200,700,winter;hats,15',
    ].join('\n');
    await page.getByLabel('…or paste rows').fill(csv);
    const uploaded = page.waitForResponse((r) => r.url().endsWith('/v1/imports/products'));
    await page.getByRole('button', { name: 'Import' }).click();
    const { jobId } = (await (await uploaded).json()) as { jobId: string };
    await page.getByText('Queued…').waitFor();
    // The job worker's processor (jobs/processors/import.ts) runs exactly this; the test plays the worker.
    await runImport(s.t.ctx, { importId: jobId });
    await page.getByText('Import finished: 2 of 3 rows applied, 1 with errors.').waitFor();
    expect(await page.locator('progress').getAttribute('value')).toBe('100');
    await page.getByRole('cell', { name: /sku must be/ }).waitFor();
    await shoot(page, 'import');
    expect((await s.call('GET', '/v1/products/HAT-1')).json()).toMatchObject({ name: 'Beanie', stock: { onHand: 15 } });
  });

  it('adds a webhook (secret shown once), shows its delivery log and removes it', async () => {
    const page = console_;
    await nav(page, 'Webhooks').click();
    await page.getByLabel('Endpoint URL').fill('https://hooks.example.com/clearance');
    await page.getByLabel('stock.low').check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByText('Its signing secret is shown').waitFor();
    const hooks = (await s.call('GET', '/v1/webhooks')).json().items;
    expect(hooks).toHaveLength(1);
    expect(hooks[0].events.sort()).toEqual(['order.confirmed', 'promotion.sold_out', 'stock.low']);
    await page.getByRole('button', { name: 'Deliveries' }).click();
    await page.getByText('No deliveries yet.').waitFor();
    await shoot(page, 'webhooks');
    await page.getByRole('button', { name: 'Remove webhook https://hooks.example.com/clearance' }).click();
    await page.getByRole('button', { name: 'Confirm remove' }).click();
    await page.getByText('Webhook removed.').waitFor();
    expect((await s.call('GET', '/v1/webhooks')).json().items).toHaveLength(0);
  });
});
