import type { EpochMs, SalesRecord } from './types.ts';

/** Sales history on the period grid, the input of the demand regression. */
export interface Aggregated {
  /** Start of period 0. */
  origin: EpochMs;
  /** Units sold per period. */
  y: Float64Array;
  /** log(price / list) per period: quantity-weighted mean over the period's orders, else the last price seen. */
  x: Float64Array;
  periodsWithSales: number;
  /** Distinct prices paid, as whole bps of list. */
  distinctPrices: number;
}

/**
 * Buckets order lines into periods of `periodMs` from `from` (default: the first order) up to `to` (default: the end
 * of the last order's period). Lines outside the window, or with no units or no list price, are ignored. A period
 * without orders counts as zero sales at the price in effect, taken to be the last price seen (the first price for
 * leading empty periods): the history holds orders, not a price log.
 */
export function aggregate(history: readonly SalesRecord[], periodMs: number, from?: EpochMs, to?: EpochMs): Aggregated {
  const lines = history.filter((h) => h.quantity > 0 && h.listPrice > 0 && h.price > 0 && Number.isFinite(h.at));
  const origin = from ?? (lines.length ? Math.min(...lines.map((h) => h.at)) : 0);
  const end = to ?? (lines.length ? Math.max(...lines.map((h) => h.at)) + 1 : origin);
  const count = Math.max(0, Math.ceil((end - origin) / periodMs));
  const y = new Float64Array(count);
  const xs = new Float64Array(count);
  const prices = new Set<number>();
  for (const h of lines) {
    if (h.at < origin || h.at >= end) continue;
    const i = Math.floor((h.at - origin) / periodMs);
    y[i]! += h.quantity;
    xs[i]! += h.quantity * Math.log(h.price / h.listPrice);
    prices.add(Math.round((h.price * 10000) / h.listPrice));
  }
  const x = new Float64Array(count);
  let periodsWithSales = 0;
  let last = Number.NaN;
  for (let i = 0; i < count; i++) {
    if (y[i]! > 0) {
      periodsWithSales++;
      last = xs[i]! / y[i]!;
    }
    x[i] = last;
  }
  const first = x.find((v) => !Number.isNaN(v)) ?? 0;
  for (let i = 0; i < count && Number.isNaN(x[i]!); i++) x[i] = first;
  return { origin, y, x, periodsWithSales, distinctPrices: prices.size };
}
