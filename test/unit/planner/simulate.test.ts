import { describe, expect, it } from 'vitest';
import { DAY_MS, planInputFromProduct, planMarkdown } from '../../../src/domain/planner/index.ts';
import { compare } from '../../../src/tools/sim/run.ts';
import { SCENARIOS } from '../../../src/tools/sim/scenarios.ts';

describe('simulator', () => {
  it('on the default scenario the planner keeps more revenue than both ladders at (near) full sell-through', () => {
    const { results } = compare(SCENARIOS.default!, 30);
    const [planner, , ladder, half] = results;
    expect(planner!.revenue.mean).toBeGreaterThan(ladder!.revenue.mean * 1.2);
    expect(planner!.revenue.mean).toBeGreaterThan(half!.revenue.mean * 1.2);
    expect(planner!.sellThrough.mean).toBeGreaterThan(0.995);
  });
});

describe('planInputFromProduct', () => {
  it('builds a plan input from a catalogue product and its order lines', () => {
    const start = Date.UTC(2025, 5, 2);
    const product = { sku: 'MUG', listPrice: 2000, unitCost: 800, floor: 889, stock: { available: 40 } };
    const lines = [{ createdAt: new Date(start - DAY_MS), unitPrice: 1800, listPrice: 2000, quantity: 2 }];
    const input = planInputFromProduct(product, lines, { start, deadline: start + 14 * DAY_MS });
    expect(input).toMatchObject({ sku: 'MUG', onHand: 40, floor: 889, history: [{ at: start - DAY_MS, price: 1800 }] });
    const given = planInputFromProduct(product, lines, {
      start,
      deadline: start + 14 * DAY_MS,
      demand: { ratePerPeriod: 2, elasticity: 2, decayPerPeriod: 0 },
    });
    expect(given.history).toBeUndefined();
    expect(planMarkdown(given).demand.source).toBe('given');
  });
});
