import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  demandDists,
  evaluateSchedule,
  expectedPath,
  type MarkdownModel,
  refineSchedule,
  solveMarkdown,
} from '../../../src/domain/planner/index.ts';
import { allPaths, bruteAdaptive, brutePath, type SmallModel } from './brute.ts';

const EXACT = 1e-300; // keep the whole pmf support: compare with the untruncated brute force

function toModel(m: SmallModel): MarkdownModel {
  return {
    periods: m.periods,
    prices: Float64Array.from(m.prices),
    stock: m.stock,
    lambda: Float64Array.from(m.lambda.flat()),
    leftoverValue: m.leftoverValue,
  };
}

const known: SmallModel = {
  periods: 3,
  prices: [100, 80, 60],
  stock: 4,
  lambda: [
    [0.8, 1.5, 2.6],
    [0.6, 1.2, 2.1],
    [0.5, 1.0, 1.7],
  ],
  leftoverValue: 0,
};

const smallModel = fc
  .record({
    periods: fc.integer({ min: 1, max: 3 }),
    J: fc.integer({ min: 1, max: 3 }),
    stock: fc.integer({ min: 0, max: 5 }),
    base: fc.double({ min: 0.05, max: 4, noNaN: true }),
    elasticity: fc.double({ min: 0, max: 4, noNaN: true }),
    decay: fc.double({ min: 0, max: 0.5, noNaN: true }),
    leftoverValue: fc.integer({ min: -50, max: 30 }),
  })
  .map(({ periods, J, stock, base, elasticity, decay, leftoverValue }): SmallModel => {
    const prices = Array.from({ length: J }, (_, k) => 100 - 15 * k);
    const lambda = Array.from({ length: periods }, (_, t) =>
      prices.map((p) => base * (p / 100) ** -elasticity * (1 - decay) ** t),
    );
    return { periods, prices, stock, lambda, leftoverValue };
  });

describe('solveMarkdown (DP)', () => {
  it('matches brute-force enumeration of every markdown-only strategy on a known model (3 periods, 4 units, 3 prices)', () => {
    const policy = solveMarkdown(toModel(known), demandDists(toModel(known), EXACT));
    expect(Math.abs(policy.value - bruteAdaptive(known))).toBeLessThan(1e-9);
  });

  it('matches brute force on random small models, including leftover penalties', () => {
    fc.assert(
      fc.property(smallModel, (m) => {
        const model = toModel(m);
        const policy = solveMarkdown(model, demandDists(model, EXACT));
        expect(Math.abs(policy.value - bruteAdaptive(m))).toBeLessThan(1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it('evaluates every fixed path exactly, and the adaptive optimum bounds them all', () => {
    const model = toModel(known);
    const dists = demandDists(model, EXACT);
    const policy = solveMarkdown(model, dists);
    let bestFixed = Number.NEGATIVE_INFINITY;
    for (const path of allPaths(known.periods, known.prices.length)) {
      const exact = brutePath(known, path);
      const got = evaluateSchedule(model, dists, Uint8Array.from(path));
      expect(Math.abs(got.revenue - exact.revenue)).toBeLessThan(1e-9);
      expect(Math.abs(got.unitsSold - exact.sold)).toBeLessThan(1e-12);
      bestFixed = Math.max(bestFixed, exact.value);
    }
    expect(policy.value).toBeGreaterThanOrEqual(bestFixed - 1e-9);
    const { schedule: published, outcome } = refineSchedule(model, dists, expectedPath(policy));
    const value = evaluateSchedule(model, dists, published).value;
    expect(outcome.value).toBeCloseTo(value, 9); // the sweeps' own evaluation is the exact one
    expect(value).toBeLessThanOrEqual(policy.value + 1e-9);
    expect(value).toBeGreaterThanOrEqual(evaluateSchedule(model, dists, expectedPath(policy)).value - 1e-9);
    expect(value).toBeCloseTo(bestFixed, 9); // on this model the local search finds the best fixed path
  });

  it('the default truncation (pmf ≥ 1e-12) stays within a thousandth of a minor unit of the exact value', () => {
    const m: SmallModel = {
      periods: 6,
      prices: [10000, 8000, 6000, 4500],
      stock: 60,
      lambda: Array.from({ length: 6 }, (_, t) => [5, 8.7, 17.9, 36.7].map((l) => l * 0.97 ** t)),
      leftoverValue: 0,
    };
    const model = toModel(m);
    const exact = solveMarkdown(model, demandDists(model, EXACT)).value;
    expect(Math.abs(solveMarkdown(model).value - exact)).toBeLessThan(1e-3);
  });
});
