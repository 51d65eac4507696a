import type { Config } from '../config.ts';
import type { Database, Db } from '../db/database.ts';
import { findMerchant } from '../db/merchants.ts';
import { AppError } from '../domain/errors.ts';
import { KeyedLimiter } from './keyed-limiter.ts';
import { Pricing } from './pricing.ts';
import { PromotionCache } from './promotion-cache.ts';

/** Whether the job queue (Redis) is reachable; the API keeps serving either way. */
export interface QueueStatus {
  isUp(): boolean;
}

/**
 * Hooks the job runtime fills in to schedule time-driven work after a commit. Each is best effort: the database is the
 * truth, and the worker reconciles from it at start, so a missed schedule (Redis down) only delays an announcement.
 */
export interface JobHooks {
  reservationHeld(merchantId: string, reservationId: string, expiresAt: Date): void;
  promotionChanged(merchantId: string, promotionId: string): void;
}

/** Everything routes and job processors need, built once per process and shared. */
export interface Services {
  config: Config;
  database: Database;
  db: Db;
  queue: QueueStatus;
  promotions: PromotionCache;
  pricing: Pricing;
  /** Admission per hot SKU for reservation writers (DESIGN.md, Scale). */
  limiter: KeyedLimiter;
  jobs: JobHooks;
  /** The merchant's ISO 4217 currency (never changes, so cached). */
  currencyOf(merchantId: string): Promise<string>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ServiceDeps {
  config: Config;
  database: Database;
  queue?: QueueStatus;
  /** The job runtime's scheduling hooks; no-ops without one (tests, or Redis never configured). */
  jobs?: JobHooks;
}

export function createServices(deps: ServiceDeps): Services {
  const promotions = new PromotionCache(deps.database);
  const currencies = new Map<string, string>();
  return {
    config: deps.config,
    database: deps.database,
    db: deps.database.db,
    queue: deps.queue ?? { isUp: () => false },
    promotions,
    pricing: new Pricing(promotions),
    limiter: new KeyedLimiter(deps.config.hotSkuWriters),
    jobs: deps.jobs ?? { reservationHeld: () => {}, promotionChanged: () => {} },
    async currencyOf(merchantId) {
      let c = currencies.get(merchantId);
      if (!c) {
        const m = await findMerchant(deps.database.db, merchantId);
        if (!m) throw new AppError('not_found', 'merchant not found');
        c = m.currency;
        currencies.set(merchantId, c);
      }
      return c;
    },
    start: () => promotions.start(),
    stop: () => promotions.stop(),
  };
}
