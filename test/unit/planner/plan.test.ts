import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors.ts';
import { effectiveFloor } from '../../../src/domain/floor.ts';
import { DAY_MS, type PlanInput, planMarkdown, pricePoints, toSteps } from '../../../src/domain/planner/index.ts';

const start = Date.UTC(2025, 2, 3);
const HOUR = 3_600_000;

const base: PlanInput = {
  sku: 'TEE-RED-M',
  onHand: 120,
  listPrice: 10000,
  unitCost: 4000,
  floor: effectiveFloor({ unitCost: 4000, minMarginBps: 1000, floorPrice: null }, 0),
  start,
  deadline: start + 14 * DAY_MS,
  demand: { ratePerPeriod: 6, elasticity: 2.5, decayPerPeriod: 0.03 },
};

const anyInput = fc
  .record({
    onHand: fc.integer({ min: 0, max: 60 }),
    listPrice: fc.integer({ min: 1, max: 50000 }),
    costShare: fc.double({ min: 0, max: 1.2, noNaN: true }),
    minMarginBps: fc.integer({ min: 0, max: 5000 }),
    periods: fc.integer({ min: 1, max: 8 }),
    periodMs: fc.constantFrom(HOUR, 6 * HOUR, DAY_MS),
    partial: fc.double({ min: 0, max: 0.99, noNaN: true }),
    step: fc.constantFrom(100, 250, 500, 1000, 2500, 3333),
    rate: fc.double({ min: 0, max: 20, noNaN: true }),
    elasticity: fc.double({ min: -1, max: 5, noNaN: true }),
    decay: fc.double({ min: -0.2, max: 0.5, noNaN: true }),
    leftoverValue: fc.integer({ min: -5000, max: 2000 }),
  })
  .map((r): PlanInput => {
    const unitCost = Math.round(r.listPrice * r.costShare);
    return {
      sku: 'P',
      onHand: r.onHand,
      listPrice: r.listPrice,
      unitCost,
      floor: effectiveFloor({ unitCost, minMarginBps: r.minMarginBps, floorPrice: null }, 0),
      start,
      deadline: start + Math.round((r.periods - r.partial) * r.periodMs),
      periodMs: r.periodMs,
      priceStepBps: r.step,
      demand: { ratePerPeriod: r.rate, elasticity: r.elasticity, decayPerPeriod: r.decay },
      leftoverValue: r.leftoverValue,
      bandPaths: 50,
    };
  });

describe('planMarkdown', () => {
  it('never raises a price, never goes below the floor, and emits well-formed steps', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const plan = planMarkdown(input);
        const period = input.periodMs!;
        let prevPrice = input.listPrice;
        let prevAt = Number.NEGATIVE_INFINITY;
        for (const step of plan.steps) {
          expect(step.price).toBeLessThan(prevPrice); // only emitted where the price changes, and only downwards
          expect(step.price).toBeGreaterThanOrEqual(input.floor);
          expect(step.percentBps % input.priceStepBps!).toBe(0);
          expect(step.percentBps).toBeGreaterThan(0);
          expect((step.at - input.start) % period).toBe(0);
          expect(step.at).toBeGreaterThan(prevAt);
          expect(step.at).toBeLessThan(input.deadline);
          prevPrice = step.price;
          prevAt = step.at;
        }
        const e = plan.expected;
        expect(e.unitsSold + e.leftover).toBeCloseTo(input.onHand, 1);
        expect(e.band.unitsSold[0]).toBeLessThanOrEqual(e.band.unitsSold[1]);
        expect(e.band.revenue[0]).toBeLessThanOrEqual(e.band.revenue[1]);
        expect(Number.isInteger(e.revenue) && Number.isInteger(e.grossMargin)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('plans no markdown when the floor is above every allowed discount', () => {
    const plan = planMarkdown({
      ...base,
      floor: 9501,
      demand: { ratePerPeriod: 1, elasticity: 3, decayPerPeriod: 0.1 },
    });
    expect(plan.steps).toEqual([]);
    const below = planMarkdown({ ...base, floor: 12000 }); // list already below the floor: no promotion at all
    expect(below.steps).toEqual([]);
  });

  it('marks down in the allowed steps, from the start of a period, to clear slow stock', () => {
    const plan = planMarkdown(base);
    expect(plan.steps.length).toBeGreaterThan(0);
    expect(plan.expected.unitsSold).toBeGreaterThan(100);
    expect(plan.demand).toEqual({ source: 'given', ...base.demand });
  });

  it('keeps list price when demand at list already sells everything', () => {
    const plan = planMarkdown({ ...base, onHand: 10, demand: { ratePerPeriod: 20, elasticity: 2, decayPerPeriod: 0 } });
    expect(plan.steps).toEqual([]);
    expect(plan.expected.revenue).toBe(100000);
  });

  it('is deterministic, band included', () => {
    expect(planMarkdown(base)).toEqual(planMarkdown(base));
  });

  it('answers insufficient_history without a demand model or enough orders', () => {
    const history = [{ at: start - DAY_MS, price: 10000, listPrice: 10000, quantity: 3 }];
    const attempt = () => planMarkdown({ ...base, demand: undefined, history });
    expect(attempt).toThrow(AppError);
    try {
      attempt();
    } catch (e) {
      expect((e as AppError).code).toBe('insufficient_history');
    }
  });

  it('rejects bad input as bad_request', () => {
    expect(() => planMarkdown({ ...base, deadline: start })).toThrow(/deadline/);
    expect(() => planMarkdown({ ...base, onHand: 1.5 })).toThrow(/onHand/);
    expect(() => planMarkdown({ ...base, priceStepBps: 0 })).toThrow(/priceStepBps/);
  });
});

describe('pricePoints and toSteps', () => {
  it('lists list price, then each step while the price stays at or above the floor', () => {
    const points = pricePoints(10000, 4445, 500);
    expect(points.map((p) => p.percentBps)).toEqual([
      0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500,
    ]);
    expect(points.at(-1)!.price).toBe(4500);
  });

  it('emits a step only where the price changes, at start + k periods', () => {
    const points = pricePoints(999, 0, 500);
    const steps = toSteps(Uint8Array.of(0, 0, 2, 2, 3), points, 1000, 10);
    expect(steps).toEqual([
      { at: 1020, percentBps: 1000, price: 899 },
      { at: 1040, percentBps: 1500, price: 849 },
    ]);
    expect(toSteps(Uint8Array.of(1, 1), points, 0, 10)).toEqual([{ at: 0, percentBps: 500, price: 949 }]);
  });
});
