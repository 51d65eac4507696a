import { describe, expect, it } from 'vitest';
import {
  guideTable,
  mulberry32,
  pmfAt,
  poissonTable,
  sampleGuided,
  samplePoisson,
  seedFrom,
  soldAt,
  tailAt,
  truncatedPoisson,
} from '../../../src/domain/planner/index.ts';
import { poissonPmf } from './brute.ts';

describe('truncated Poisson tables', () => {
  it.each([0.3, 4, 37.5, 900])('λ = %s: pmf, tail and E[min(D, n)] agree with the textbook formulas', (lambda) => {
    const p = truncatedPoisson(lambda);
    let mass = 0;
    for (let d = p.lo; d <= p.hi; d++) mass += pmfAt(p, d);
    expect(mass).toBeCloseTo(1, 10);
    for (const d of [Math.floor(lambda), Math.ceil(lambda + Math.sqrt(lambda))]) {
      if (lambda < 700) expect(pmfAt(p, d)).toBeCloseTo(poissonPmf(lambda, d), 12);
    }
    const n = Math.round(lambda);
    let below = 0;
    let sold = 0;
    for (let d = 0; d < n; d++) {
      below += pmfAt(p, d);
      sold += d * pmfAt(p, d);
    }
    expect(tailAt(p, n)).toBeCloseTo(1 - below, 10);
    expect(soldAt(p, n)).toBeCloseTo(sold + n * (1 - below), 8);
  });

  it('caps the support at the stock: the mass above it stays in the tail, and huge demand collapses to "sells out"', () => {
    const [capped, huge] = poissonTable([30, 1e9], 1e-12, 11);
    expect(capped!.hi).toBe(11);
    expect(tailAt(capped!, 12)).toBeCloseTo(1 - [...Array(12).keys()].reduce((a, d) => a + poissonPmf(30, d), 0), 12);
    expect(soldAt(huge!, 10)).toBe(10);
    expect(samplePoisson(huge!, 0.999)).toBeGreaterThanOrEqual(11);
  });

  it('guided sampling draws exactly what binary-search inversion draws', () => {
    const rnd = mulberry32(11);
    for (const p of [...poissonTable([0.2, 3, 40, 250], 1e-12, 60), truncatedPoisson(7)]) {
      const g = guideTable(p, 16);
      for (let i = 0; i < 2000; i++) {
        const u = i < 3 ? [0, 0.5, 0.9999999999][i]! : rnd();
        expect(sampleGuided(p, g, u)).toBe(samplePoisson(p, u));
      }
    }
  });

  it('samples by inversion with the right mean', () => {
    const p = truncatedPoisson(12.5);
    const rnd = mulberry32(seedFrom('mean'));
    let sum = 0;
    for (let i = 0; i < 20000; i++) sum += samplePoisson(p, rnd());
    expect(sum / 20000).toBeGreaterThan(12.3);
    expect(sum / 20000).toBeLessThan(12.7);
  });
});
