import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip } from '../support/db.ts';
import { type Browser, chromiumAvailable, ensureBuilt, launch, type Server, shoot, startServer } from './harness.ts';

if (!chromiumAvailable) announceSkip('e2e', '/usr/bin/chromium');

/** A parka with no sales history: the floor is ceil(4000 / 0.9) = $44.45 at the merchant's 10 % minimum margin. */
const PARKA = { name: 'Down parka', listPrice: 10000, unitCost: 4000, tags: ['winter'] };
const ON_HAND = 120;
const cents = (text: string) => Math.round(Number(text.replace(/[^0-9.]/g, '')) * 100);

describe.skipIf(!chromiumAvailable)('markdown planner in Chromium', () => {
  let s: Server;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureBuilt();
    s = await startServer();
    expect((await s.call('PUT', '/v1/products/PARKA-1', PARKA)).statusCode).toBe(201);
    await s.call('POST', '/v1/products/PARKA-1/stock-movements', { delta: ON_HAND, reason: 'receipt' });
    browser = await launch();
    page = await browser.context.newPage();
    await page.goto(`${s.base}/console/`);
    await page.getByLabel('Console API key').fill(s.merchant.console);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await s?.t.close();
  });

  it('plans a markdown from a product page: no history, then an explicit demand model; charts and steps', async () => {
    await page.getByRole('link', { name: 'PARKA-1' }).click();
    await page.getByRole('link', { name: 'Plan a markdown' }).click();
    await page.getByRole('heading', { name: 'Markdown planner' }).waitFor();
    // The product list loads after the heading renders: wait for the select to hold the SKU from the link.
    await expect.poll(() => page.getByLabel('Product').inputValue(), { timeout: 10_000 }).toBe('PARKA-1');
    const current = page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Planner' });
    expect(await current.getAttribute('aria-current')).toBe('page');

    // No orders yet: the API's 422 insufficient_history is shown, and the demand fields open.
    await page.getByRole('button', { name: 'Plan markdown' }).click();
    const alert = page.locator('.insufficient');
    await alert.getByText(/Not enough sales history.*PARKA-1/).waitFor();
    expect(await page.getByLabel('Enter the demand model myself').isChecked()).toBe(true);
    await shoot(page, 'planner-no-history');

    await page.getByLabel('Sales per day at list price').fill('3');
    await page.getByLabel('Price elasticity').fill('2.5');
    await page.getByLabel('Demand decay per day').fill('3');
    const planned = page.waitForResponse((r) => r.url().endsWith('/v1/planner/markdown'));
    await page.getByRole('button', { name: 'Plan markdown' }).click();
    const res = await planned;
    expect(res.status()).toBe(200);
    const body = JSON.parse(res.request().postData() ?? '{}');
    expect(body).toMatchObject({
      skus: ['PARKA-1'],
      priceStepBps: 500,
      demand: { ratePerPeriod: 3, elasticity: 2.5, decayPerPeriod: 0.03 },
    });
    expect((Date.parse(body.deadline) - Date.parse(body.start)) / 86400_000).toBe(28);
    const plan = (await res.json()).plans[0];
    expect(plan.steps.length).toBeGreaterThan(0);
    await page
      .getByRole('status')
      .getByText(/Plan for PARKA-1: \d+ price steps?/)
      .waitFor();
    expect(await alert.count()).toBe(0);

    // The charts: a step path between the list and floor lines, and the expected stock from 120 units.
    const priceChart = page.getByRole('img', { name: /^Price path: from \$[\d.]+ down to \$[\d.]+/ });
    await priceChart.waitFor();
    expect(await priceChart.locator('path.step').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+ H/);
    const floorText = (await priceChart.locator('.ref-floor text').textContent()) ?? '';
    expect(floorText).toBe('Floor $44.45');
    const floor = cents(floorText);
    const stockChart = page.getByRole('img', { name: /^Expected stock: 120 units at the start/ });
    expect(await stockChart.locator('circle.dot').count()).toBe(29);

    // The steps table: prices never rise and never go below the floor shown; the margin is at the unit cost.
    const rows = page.getByRole('table', { name: 'Price steps' }).locator('tbody tr');
    expect(await rows.count()).toBe(plan.steps.length);
    const prices = (await rows.locator('td[data-label="Price"]').allTextContents()).map(cents);
    expect(prices).toEqual(plan.steps.map((x: { price: number }) => x.price));
    for (const [i, price] of prices.entries()) {
      expect(price).toBeGreaterThanOrEqual(floor);
      if (i > 0) expect(price).toBeLessThanOrEqual(prices[i - 1]!);
    }
    const firstMargin = await rows.first().locator('td[data-label="Margin"]').textContent();
    expect(cents(firstMargin!.split('(')[0]!)).toBe(prices[0]! - PARKA.unitCost);
    await page.locator('.outcome-stats').getByText('Revenue').waitFor();
    await page
      .locator('.outcome-stats')
      .getByText(/10–90 %/)
      .first()
      .waitFor();
    await shoot(page, 'planner');
  });

  it('applies the plan and lands on the percent_off promotion with the first discount', async () => {
    const first = await page.locator('td[data-label="Off list"]').first().textContent();
    // The cost went up since the plan was made: the floor ($105.56) is above every planned price, and /apply says so.
    await s.call('PUT', '/v1/products/PARKA-1', { ...PARKA, unitCost: 9500 });
    await page.getByRole('button', { name: 'Apply as promotion' }).click();
    await page
      .getByRole('alert')
      .getByText(/^Not applied: PARKA-1 would sell at \$[\d.]+, below its margin floor of \$105\.56/)
      .waitFor();
    await s.call('PUT', '/v1/products/PARKA-1', PARKA);
    const applied = page.waitForResponse((r) => r.url().endsWith('/v1/planner/markdown/apply'));
    await page.getByRole('button', { name: 'Apply as promotion' }).click();
    expect((await applied).status()).toBe(201);
    await page.getByRole('link', { name: 'Open the promotion' }).click();
    await page.getByRole('heading', { name: /Markdown plan: PARKA-1/ }).waitFor();
    await page.getByRole('heading', { name: 'Percent off' }).waitFor();
    await page.getByText(new RegExp(`^${first!.replace('.', '\\.')} off SKU PARKA-1`)).waitFor();
    const id = page.url().split('/').pop()!;
    const promo = (await s.call('GET', `/v1/promotions/${id}`)).json();
    expect(promo).toMatchObject({ kind: 'percent_off', target: { skus: ['PARKA-1'] } });
    expect(`${promo.percentBps / 100}%`).toBe(first);
  });
});
