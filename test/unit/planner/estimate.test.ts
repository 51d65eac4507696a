import { describe, expect, it } from 'vitest';
import {
  aggregate,
  DAY_MS,
  estimateDemand,
  mulberry32,
  planMarkdown,
  type SalesRecord,
  samplePoisson,
  truncatedPoisson,
} from '../../../src/domain/planner/index.ts';

const origin = Date.UTC(2025, 0, 1);
const LIST = 10000;
const ratios = [1, 0.8, 0.9, 0.7, 1, 0.85]; // the price cycles through several markdown levels

/** Daily history of `days` days with rate·ratio^−e·(1 − decay)^t expected units; `draw` turns it into a quantity. */
function history(days: number, rate: number, e: number, decay: number, draw: (mean: number) => number): SalesRecord[] {
  const out: SalesRecord[] = [];
  for (let t = 0; t < days; t++) {
    const ratio = ratios[t % ratios.length]!;
    const quantity = draw(rate * ratio ** -e * (1 - decay) ** t);
    if (quantity > 0)
      out.push({ at: origin + t * DAY_MS + 3_600_000, price: Math.round(LIST * ratio), listPrice: LIST, quantity });
  }
  return out;
}

describe('estimateDemand', () => {
  it('recovers elasticity, decay and rate from noiseless data', () => {
    const fit = estimateDemand(
      history(30, 12, 2.5, 0.03, (m) => m),
      { asOf: origin + 30 * DAY_MS },
    );
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    expect(fit.elasticity).toBeCloseTo(2.5, 6);
    expect(fit.decayPerPeriod).toBeCloseTo(0.03, 6);
    expect(fit.ratePerPeriod).toBeCloseTo(12 * 0.97 ** 30, 4); // extrapolated to asOf, at list price
    expect(fit.observations).toBe(30);
  });

  it('recovers them within tolerance from Poisson-noisy data (seeded), with an honest standard error', () => {
    const rnd = mulberry32(7);
    const fits = Array.from({ length: 10 }, () => {
      const fit = estimateDemand(
        history(60, 15, 2.5, 0.02, (m) => samplePoisson(truncatedPoisson(m), rnd())),
        {
          asOf: origin + 60 * DAY_MS,
        },
      );
      if (!fit.ok) throw new Error(fit.message);
      return fit;
    });
    for (const fit of fits) {
      expect(Math.abs(fit.elasticity - 2.5)).toBeLessThan(4 * fit.elasticityStdErr);
      expect(fit.elasticityStdErr).toBeLessThan(0.3);
      expect(Math.abs(fit.decayPerPeriod - 0.02)).toBeLessThan(0.01);
      expect(fit.ratePerPeriod / (15 * 0.98 ** 60)).toBeGreaterThan(0.7);
      expect(fit.ratePerPeriod / (15 * 0.98 ** 60)).toBeLessThan(1.4);
    }
    const mean = (k: 'elasticity' | 'decayPerPeriod') => fits.reduce((s, f) => s + f[k], 0) / fits.length;
    expect(Math.abs(mean('elasticity') - 2.5)).toBeLessThan(0.15);
    expect(Math.abs(mean('decayPerPeriod') - 0.02)).toBeLessThan(0.004);
  });

  it('counts empty periods inside the window as zero sales at the last price', () => {
    const h: SalesRecord[] = [
      { at: origin, price: 8000, listPrice: LIST, quantity: 2 },
      { at: origin + 3 * DAY_MS, price: 9000, listPrice: LIST, quantity: 1 },
    ];
    const agg = aggregate(h, DAY_MS, origin, origin + 5 * DAY_MS);
    expect(Array.from(agg.y)).toEqual([2, 0, 0, 1, 0]);
    expect(agg.x[1]).toBeCloseTo(Math.log(0.8), 12);
    expect(agg.x[4]).toBeCloseTo(Math.log(0.9), 12);
    expect(agg.periodsWithSales).toBe(2);
    expect(agg.distinctPrices).toBe(2);
  });

  it('fails with a typed reason when history is too thin', () => {
    const few = estimateDemand(history(4, 12, 2.5, 0, (m) => Math.round(m)));
    expect(few).toMatchObject({ ok: false, reason: 'too_few_periods', periodsWithSales: 4 });
    const onePrice = history(20, 12, 2.5, 0, (m) => Math.round(m)).map((h) => ({ ...h, price: LIST }));
    expect(estimateDemand(onePrice)).toMatchObject({ ok: false, reason: 'too_few_prices', distinctPrices: 1 });
    expect(estimateDemand([])).toMatchObject({ ok: false, reason: 'too_few_periods', observations: 0 });
  });

  it('refuses to separate price from time when they moved together', () => {
    const h: SalesRecord[] = Array.from({ length: 20 }, (_, t) => ({
      at: origin + t * DAY_MS,
      price: Math.round(LIST * Math.exp(-0.02 * t)), // a steady daily markdown: log price is linear in time
      listPrice: LIST,
      quantity: 5 + t,
    }));
    expect(estimateDemand(h)).toMatchObject({ ok: false, reason: 'degenerate' });
  });

  it('feeds the planner: a plan from history says so', () => {
    const h = history(30, 12, 2.5, 0.03, (m) => Math.round(m));
    const plan = planMarkdown({
      sku: 'H',
      onHand: 80,
      listPrice: LIST,
      unitCost: 4000,
      floor: 4445,
      start: origin + 30 * DAY_MS,
      deadline: origin + 44 * DAY_MS,
      history: h,
      bandPaths: 50,
    });
    expect(plan.demand.source).toBe('history');
    expect(plan.demand.elasticity).toBeGreaterThan(2.2);
    expect(plan.demand.elasticity).toBeLessThan(2.8);
  });
});
