import { describe, expect, test } from 'vitest';
import { effectiveFloor } from '../../../src/domain/floor.ts';
import { amounts, item, promo, reasons, run } from './fixtures.ts';

const floor334 = effectiveFloor({ unitCost: 300, minMarginBps: 1000, floorPrice: null }, 0);

describe('unit layer: clamp to the floor', () => {
  test.each(['reject', 'clamp'] as const)(
    '70 %% off list 1000 with floor 334 sells at 334 (onFloorBreach %s)',
    (mode) => {
      expect(floor334).toBe(334);
      const p = promo('percent_off', { target: { skus: ['A'] }, percentBps: 7000, onFloorBreach: mode });
      const q = run({ items: [item('A', 1000, { floor: floor334 })], promos: [p], lines: [['A', 2]] });
      expect(q.lines[0]).toMatchObject({ unitPrice: 334, total: 668, floorClamped: true });
      expect(q.applied[0]).toMatchObject({ units: 2, amount: 1332 });
    },
  );

  test('a clamped promotion still loses to an unclamped lower price, and then nothing is clamped', () => {
    const deep = promo('percent_off', { target: { skus: ['A'] }, percentBps: 9000 }); // 100 → clamped to 400
    const fixed = promo('fixed_price', { target: { skus: ['A'] }, price: 450 });
    const q = run({ items: [item('A', 1000, { floor: 400 })], promos: [deep, fixed], lines: [['A', 1]] });
    expect(q.lines[0]).toMatchObject({ unitPrice: 400, floorClamped: true });
    expect(reasons(q)).toEqual({ [fixed.id]: 'not_better' });
  });

  test('a SKU whose list price is below its floor gets no promotion (margin_floor)', () => {
    const p = promo('percent_off', { target: { skus: ['A'] }, percentBps: 1000 });
    const b = promo('bundle', {
      items: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ],
      price: 500,
    });
    const q = run({
      items: [item('A', 300, { floor: 334 }), item('B', 1000)],
      promos: [p, b],
      lines: [
        ['A', 1],
        ['B', 1],
      ],
    });
    expect(q.lines[0]).toMatchObject({ unitPrice: 300, total: 300, floorClamped: false });
    expect(q.total).toBe(1300);
    expect(reasons(q)).toEqual({ [p.id]: 'margin_floor', [b.id]: 'margin_floor' });
  });
});

describe('basket layer: water-filling above the floors', () => {
  const pack = (price: number) =>
    promo('bundle', {
      items: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ],
      price,
    });

  test('the share A cannot take moves to B; the set discount is intact', () => {
    const p = pack(1000);
    const q = run({
      items: [item('A', 1000, { floor: 900 }), item('B', 1000)],
      promos: [p],
      lines: [
        ['A', 1],
        ['B', 1],
      ],
    });
    expect(q.lines.map((l) => [l.total, l.floorClamped])).toEqual([
      [900, true],
      [100, false],
    ]);
    expect(amounts(q)).toEqual({ [p.id]: 1000 });
  });

  test('when the floors cannot absorb it, the set discount is cut and shown cut', () => {
    const p = pack(1000);
    const q = run({
      items: [item('A', 1000, { floor: 800 }), item('B', 1000, { floor: 700 })],
      promos: [p],
      lines: [
        ['A', 1],
        ['B', 1],
      ],
    });
    expect(q.lines.map((l) => [l.total, l.floorClamped])).toEqual([
      [800, true],
      [700, true],
    ]);
    expect(q.applied[0]).toMatchObject({ amount: 500 });
  });

  test('no room above the floors at all → margin_floor', () => {
    const p = pack(1000);
    const q = run({
      items: [item('A', 1000, { floor: 1000 }), item('B', 500, { floor: 500 })],
      promos: [p],
      lines: [
        ['A', 1],
        ['B', 1],
      ],
    });
    expect(q.total).toBe(1500);
    expect(reasons(q)).toEqual({ [p.id]: 'margin_floor' });
  });

  test('tiered cuts each unit back to its own floor', () => {
    const p = promo('tiered', { target: { skus: ['A'] }, tiers: [{ minQuantity: 1, percentBps: 5000 }] });
    const q = run({ items: [item('A', 1000, { floor: 600 })], promos: [p], lines: [['A', 2]] });
    expect(q.lines[0]).toMatchObject({ total: 1200, floorClamped: true });
    expect(q.applied[0]).toMatchObject({ amount: 800 });
  });

  test('bxgy: a free sock with floors 300 → the group gives 400, not 500', () => {
    const p = promo('bxgy', {
      buy: { target: { skus: ['S'] }, quantity: 1 },
      get: { target: { skus: ['S'] }, quantity: 1, percentBps: 10000 },
    });
    const q = run({ items: [item('S', 500, { floor: 300 })], promos: [p], lines: [['S', 2]] });
    expect(q.lines[0]).toMatchObject({ total: 600, floorClamped: true });
    expect(q.applied[0]).toMatchObject({ units: 2, amount: 400 });
  });

  test('unit and basket layers together never cross the floor', () => {
    const pct = promo('percent_off', { target: { skus: ['A'] }, percentBps: 5000 }); // 1000 → 500 → clamped 600
    const p = pack(700);
    const q = run({
      items: [item('A', 1000, { floor: 600 }), item('B', 1000, { floor: 0 })],
      promos: [pct, p],
      lines: [
        ['A', 1],
        ['B', 1],
      ],
    });
    // A at 600 (no headroom) + B 1000 = 1600 → 700: B takes all 900 of the set discount
    expect(q.lines.map((l) => l.total)).toEqual([600, 100]);
    expect(amounts(q)).toEqual({ [pct.id]: 400, [p.id]: 900 });
  });

  test('a capped tiered takes the units it saves most on, not merely the dearest', () => {
    // one unit allowed; S4 (9, floor 4) could only give 5, S1 (8, no floor) gives 6
    const p = promo('tiered', {
      target: { skus: ['S1', 'S4'] },
      tiers: [{ minQuantity: 1, percentBps: 7223 }],
      stockCap: 1,
    });
    const q = run({
      items: [item('S1', 8), item('S4', 9, { floor: 4 })],
      promos: [p],
      lines: [
        ['S1', 1],
        ['S4', 1],
      ],
    });
    expect(q.applied[0]).toMatchObject({ units: 1, amount: 6, unitsBySku: { S1: 1 } });
  });
});
