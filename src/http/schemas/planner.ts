import { Type } from 'typebox';
import { Strict } from './common.ts';

/** A demand model given with a planning request (also the shape of the one a plan reports). */
export const Demand = Strict({
  ratePerPeriod: Type.Number({ exclusiveMinimum: 0, maximum: 1e6 }),
  elasticity: Type.Number({ minimum: 0, maximum: 20 }),
  decayPerPeriod: Type.Number({ minimum: -0.5, exclusiveMaximum: 1 }),
});
export const PlanStep = Type.Object({ at: Type.String(), percentBps: Type.Integer(), price: Type.Integer() });
/** One SKU's plan in `POST /v1/planner/markdown`. */
export const PlanView = Type.Object({
  sku: Type.String(),
  steps: Type.Array(PlanStep),
  expected: Type.Object({
    unitsSold: Type.Number(),
    leftover: Type.Number(),
    revenue: Type.Integer(),
    grossMargin: Type.Integer(),
    band: Type.Object({ unitsSold: Type.Array(Type.Number()), revenue: Type.Array(Type.Number()) }),
  }),
  demand: Type.Object({
    source: Type.String(),
    ratePerPeriod: Type.Number(),
    elasticity: Type.Number(),
    decayPerPeriod: Type.Number(),
  }),
});
