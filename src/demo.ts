import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db/database.ts';
import { countMerchants } from './db/merchants.ts';
import { type CreatedMerchant, createMerchant } from './services/merchants.ts';

export interface DemoSeed {
  merchant: CreatedMerchant;
  keysFile: string | null;
}

/** Hooks later capabilities add to (catalog, promotions); each runs once on a fresh database. */
export type DemoStep = (db: Db, merchant: CreatedMerchant) => Promise<void>;
const steps: DemoStep[] = [];
export function addDemoStep(step: DemoStep): void {
  steps.push(step);
}

/**
 * On an empty database, creates a demo merchant with a small clearance catalog so `npm start` shows something
 * real. The keys are printed once and, on the embedded database, also written to `<DATA_DIR>/demo-keys.txt`.
 */
export async function seedDemo(db: Db, dataDir: string | null): Promise<DemoSeed | null> {
  if ((await countMerchants(db)) > 0) return null;
  const merchant = await createMerchant(db, {
    name: 'Demo Outlet',
    currency: 'USD',
    timezone: 'America/New_York',
    defaultMinMarginBps: 1000,
  });
  for (const step of steps) await step(db, merchant);
  let keysFile: string | null = null;
  if (dataDir) {
    keysFile = join(dataDir, 'demo-keys.txt');
    writeFileSync(keysFile, `console ${merchant.apiKeys.console}\nstorefront ${merchant.apiKeys.storefront}\n`, {
      mode: 0o600,
    });
  }
  return { merchant, keysFile };
}
