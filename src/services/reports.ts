import { findMerchant } from '../db/merchants.ts';
import { findPromotionRow, rowToPromotion } from '../db/promotions.ts';
import { dailySales, type SkuSellThrough, sellThroughBySku, snapshotDay, soldSkus } from '../db/reports.ts';
import { AppError, badRequest } from '../domain/errors.ts';
import { DAY_MS } from '../domain/planner/index.ts';
import type { DbContext } from './context.ts';
import { affectedSkus } from './lifecycle.ts';

/** The longest window one report covers. */
export const MAX_REPORT_DAYS = 366;

export interface SellThroughReport {
  promotionId: string | null;
  from: string;
  to: string;
  timezone: string;
  items: SkuSellThrough[];
  daily: { day: string; unitsSold: number; revenue: number }[];
}

/** `YYYY-MM-DD` of `at` in `timezone`. */
export function localDay(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

function daysBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += DAY_MS) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * `GET /v1/reports/sell-through`. Window `[from, to)`: by default the promotion's run so far (`startsAt` to
 * `min(endsAt, now)`), or the last 30 days without a promotion. SKUs: those the promotion reaches plus those sold under
 * it; without a promotion, those sold in the window. The daily series has every local day of the window (zeros
 * included), in the merchant's timezone, so it plots without gaps.
 */
export async function sellThroughReport(
  ctx: DbContext,
  merchantId: string,
  q: { promotionId?: string; from?: string; to?: string; now: number },
): Promise<SellThroughReport> {
  const { db } = ctx;
  const { now } = q;
  const merchant = await findMerchant(db, merchantId);
  if (!merchant) throw new AppError('not_found', 'merchant not found');
  let skus: string[] = [];
  let from: number;
  let to: number;
  if (q.promotionId) {
    const row = await findPromotionRow(db, merchantId, q.promotionId);
    if (!row) throw new AppError('not_found', `no promotion ${q.promotionId}`);
    const p = rowToPromotion(row);
    from = q.from ? Date.parse(q.from) : p.startsAt;
    to = q.to ? Date.parse(q.to) : Math.max(from, Math.min(p.endsAt ?? now, now));
    skus = await affectedSkus(db, merchantId, p);
  } else {
    to = q.to ? Date.parse(q.to) : now;
    from = q.from ? Date.parse(q.from) : to - 30 * DAY_MS;
  }
  if (from > to) throw badRequest('querystring/from', 'from must not be after to');
  if (to - from > MAX_REPORT_DAYS * DAY_MS) {
    throw badRequest('querystring/to', `a report covers at most ${MAX_REPORT_DAYS} days`);
  }
  const w = { merchantId, from: new Date(from), to: new Date(to), promotionId: q.promotionId ?? null };
  skus = [...new Set([...skus, ...(await soldSkus(db, w))])].sort();
  const items = await sellThroughBySku(db, w, skus);
  const sales = new Map((await dailySales(db, w, skus, merchant.timezone)).map((d) => [d.day, d]));
  const days =
    to > from ? daysBetween(localDay(w.from, merchant.timezone), localDay(new Date(to - 1), merchant.timezone)) : [];
  const daily = days.map((day) => ({
    day,
    unitsSold: sales.get(day)?.units ?? 0,
    revenue: sales.get(day)?.revenue ?? 0,
  }));
  return {
    promotionId: w.promotionId,
    from: w.from.toISOString(),
    to: w.to.toISOString(),
    timezone: merchant.timezone,
    items,
    daily,
  };
}

/** Nightly: stores yesterday's (merchant time) per-SKU rows in `sell_through_daily`. */
export async function snapshotYesterday(
  ctx: DbContext,
  merchantId: string,
  now: number,
): Promise<{ day: string; rows: number }> {
  const { db } = ctx;
  const merchant = await findMerchant(db, merchantId);
  if (!merchant) return { day: '', rows: 0 };
  const today = localDay(new Date(now), merchant.timezone);
  const day = new Date(Date.parse(`${today}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
  return { day, rows: await snapshotDay(db, merchantId, day, merchant.timezone) };
}
