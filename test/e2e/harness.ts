import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { DIST_DIR, pagesBuilt } from '../../src/http/static.ts';
import { client, createTestMerchant, startTestApp, type TestApp, type TestMerchant } from '../support/app.ts';

/** Debian's Chromium; tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS = join(REPO, 'test/e2e/screenshots');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Runs `npm run build` when dist is missing or older than what the pages bundle — the console and shop sources, the
 * domain modules and the event-type list they import — so tests never see stale pages.
 */
export function ensureBuilt(): void {
  const sources = Math.max(
    newest(join(REPO, 'src/console')),
    newest(join(REPO, 'src/shop')),
    newest(join(REPO, 'src/domain')),
    statSync(join(REPO, 'src/db/event-types.ts')).mtimeMs,
    statSync(join(REPO, 'vite.config.ts')).mtimeMs,
  );
  if (pagesBuilt() && statSync(join(DIST_DIR, 'console/index.html')).mtimeMs >= sources) return;
  const run = spawnSync('npm', ['run', 'build'], { cwd: REPO, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm run build failed:\n${run.stdout}\n${run.stderr}`);
}

export interface Server {
  t: TestApp;
  base: string;
  merchant: TestMerchant;
  call: ReturnType<typeof client>;
}

/** The real app (buildApp) on a fresh database, listening on 127.0.0.1 on a free port. */
export async function startServer(): Promise<Server> {
  const t = await startTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as AddressInfo;
  const merchant = await createTestMerchant(t.app, {
    name: 'Trailhead Outlet',
    currency: 'USD',
    timezone: 'UTC',
    defaultMinMarginBps: 1000,
  });
  return { t, base: `http://127.0.0.1:${port}`, merchant, call: client(t.app, merchant.console) };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A Chromium with a fresh profile directory of its own (so two of them are two shoppers). */
export async function launch(): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(10_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Screenshots of the page at 1280 and 390 px wide (test/e2e/screenshots/<name>-<width>.png), checking on the way that
 * nothing scrolls sideways at 390 px.
 */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${name} at ${width}px scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}
