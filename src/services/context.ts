import type { Config } from '../config.ts';
import type { Database, Db } from '../db/database.ts';
import { findMerchant } from '../db/merchants.ts';
import { AppError } from '../domain/errors.ts';
import { KeyedLimiter } from './keyed-limiter.ts';
import { PromotionCache } from './promotion-cache.ts';

/**
 * The service convention: every service function is `fn(ctx, merchantId, input)` — this context first, the merchant
 * every query is scoped by second, then the operation's input as one value (an id, or an object naming its parts,
 * with `keyId` where the change is audited). Work a job finds by id alone (a boundary, an import) is `fn(ctx, input)`.
 * Services open the transactions; routes and job processors only pass the context they were given.
 */

/** Whether the job queue (Redis) is reachable; the API keeps serving either way. */
export interface QueueStatus {
  isUp(): boolean;
}

/**
 * What services tell the job side after a commit, so time-driven work is scheduled. Best effort: the database is the
 * truth and the worker reconciles from it, so a missed schedule (Redis down) only delays an announcement.
 */
export interface Scheduler {
  reservationHeld(merchantId: string, reservationId: string, expiresAt: Date): void;
  promotionChanged(merchantId: string, promotionId: string): void;
}

/** Built once per process and shared by every route. */
export interface ServiceContext {
  config: Config;
  database: Database;
  db: Db;
  queue: QueueStatus;
  /** Live promotions per merchant, indexed for quotes, kept fresh by LISTEN/NOTIFY. */
  promotions: PromotionCache;
  /** Admission per hot SKU for reservation writers (docs/architecture.md, "Scaling"). */
  limiter: KeyedLimiter;
  scheduler: Scheduler;
  /** The merchant's ISO 4217 currency (never changes, so cached). */
  currencyOf(merchantId: string): Promise<string>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The context of a service that only reads and writes the database; job processors call these with theirs. */
export type DbContext = Pick<ServiceContext, 'db'>;

export interface ContextOptions {
  config: Config;
  database: Database;
  queue?: QueueStatus;
  /** The job side's scheduler; does nothing without one (tests, or Redis never configured). */
  scheduler?: Scheduler;
}

export function createServiceContext(options: ContextOptions): ServiceContext {
  const promotions = new PromotionCache(options.database);
  const currencies = new Map<string, string>();
  return {
    config: options.config,
    database: options.database,
    db: options.database.db,
    queue: options.queue ?? { isUp: () => false },
    promotions,
    limiter: new KeyedLimiter(options.config.hotSkuWriters),
    scheduler: options.scheduler ?? { reservationHeld: () => {}, promotionChanged: () => {} },
    async currencyOf(merchantId) {
      let c = currencies.get(merchantId);
      if (!c) {
        const m = await findMerchant(options.database.db, merchantId);
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
