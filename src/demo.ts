import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countMerchants } from './db/merchants.ts';
import type { PromotionInput } from './domain/pricing/index.ts';
import { moveStock, putProduct } from './services/catalog.ts';
import type { ServiceContext } from './services/context.ts';
import { type CreatedMerchant, createMerchant } from './services/merchants.ts';
import { createPromotion } from './services/promotions.ts';

export interface DemoSeed {
  merchant: CreatedMerchant;
  keysFile: string | null;
}

const HOUR = 3600_000;

/** A small clearance catalog: prices in cents, with costs that leave room for honest discounts. */
const CATALOG = [
  {
    sku: 'COAT-NAVY',
    name: 'Wool coat, navy',
    listPrice: 18900,
    unitCost: 7200,
    tags: ['winter', 'outerwear'],
    onHand: 40,
  },
  {
    sku: 'COAT-CAMEL',
    name: 'Wool coat, camel',
    listPrice: 19900,
    unitCost: 7600,
    tags: ['winter', 'outerwear'],
    onHand: 25,
  },
  {
    sku: 'SCARF-GREY',
    name: 'Cashmere scarf',
    listPrice: 6900,
    unitCost: 2100,
    tags: ['winter', 'accessories'],
    onHand: 60,
  },
  { sku: 'SOCKS-RED', name: 'Merino socks, red', listPrice: 1500, unitCost: 400, tags: ['socks'], onHand: 200 },
  { sku: 'SOCKS-BLUE', name: 'Merino socks, blue', listPrice: 1500, unitCost: 400, tags: ['socks'], onHand: 180 },
  { sku: 'SHAMPOO', name: 'Shampoo 500 ml', listPrice: 1200, unitCost: 350, tags: ['care'], onHand: 90 },
  { sku: 'CONDITIONER', name: 'Conditioner 500 ml', listPrice: 1300, unitCost: 380, tags: ['care'], onHand: 70 },
  { sku: 'MUG-STONE', name: 'Stoneware mug', listPrice: 2400, unitCost: 900, tags: ['home'], onHand: 120 },
];

function promotions(now: number): PromotionInput[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  return [
    {
      name: 'Coat flash sale',
      kind: 'percent_off',
      target: { tags: ['outerwear'] },
      percentBps: 3000,
      startsAt: iso(now - HOUR),
      endsAt: iso(now + 6 * HOUR),
      stockCap: 30,
      perCustomerLimit: 2,
    },
    {
      name: 'Scarf markdown, deepening weekly',
      kind: 'percent_off',
      target: { skus: ['SCARF-GREY'] },
      percentBps: 2000,
      steps: [
        { afterSeconds: 7 * 86400, percentBps: 3500 },
        { afterSeconds: 14 * 86400, percentBps: 5000 },
      ],
      startsAt: iso(now - HOUR),
      endsAt: iso(now + 21 * 86400_000),
    },
    {
      name: 'Socks: buy 2, get the third half price',
      kind: 'bxgy',
      buy: { target: { tags: ['socks'] }, quantity: 2 },
      get: { target: { tags: ['socks'] }, quantity: 1, percentBps: 5000 },
      startsAt: iso(now - HOUR),
    },
    {
      name: 'Hair care duo',
      kind: 'bundle',
      items: [
        { sku: 'SHAMPOO', quantity: 1 },
        { sku: 'CONDITIONER', quantity: 1 },
      ],
      price: 1990,
      startsAt: iso(now - HOUR),
    },
    {
      name: 'Mugs: more for less',
      kind: 'tiered',
      target: { skus: ['MUG-STONE'] },
      tiers: [
        { minQuantity: 2, percentBps: 1000 },
        { minQuantity: 4, percentBps: 2000 },
      ],
      startsAt: iso(now - HOUR),
    },
  ];
}

/**
 * On an empty database, creates a demo merchant with a small clearance catalog and live promotions, so `npm start`
 * shows something real. The keys are printed once and, on the embedded database, saved in `<DATA_DIR>/demo-keys.txt`.
 */
export async function seedDemo(ctx: ServiceContext, dataDir: string | null): Promise<DemoSeed | null> {
  if ((await countMerchants(ctx.db)) > 0) return null;
  const merchant = await createMerchant(ctx, {
    name: 'Demo Outlet',
    currency: 'USD',
    timezone: 'America/New_York',
    defaultMinMarginBps: 1000,
  });
  for (const { sku, onHand, ...product } of CATALOG) {
    await putProduct(ctx, merchant.id, { keyId: null, sku, product });
    const movement = { delta: onHand, reason: 'receipt', note: 'opening stock' } as const;
    await moveStock(ctx, merchant.id, { keyId: null, sku, movement });
  }
  for (const promotion of promotions(Date.now())) await createPromotion(ctx, merchant.id, { keyId: null, promotion });
  let keysFile: string | null = null;
  if (dataDir) {
    keysFile = join(dataDir, 'demo-keys.txt');
    writeFileSync(keysFile, `console ${merchant.apiKeys.console}\nstorefront ${merchant.apiKeys.storefront}\n`, {
      mode: 0o600,
    });
  }
  return { merchant, keysFile };
}
