/**
 * `amount_off`: each targeted unit costs `max(0, list − amount)` (then the floor clamp).
 *
 * @example list 1000, amount 250 → 750; list 200, amount 250 → 0 before the floor
 */
import { matches, targetKeys } from '../target.ts';
import { int, target, unitWorstCase } from './check.ts';
import type { UnitRule } from './rule.ts';

export const amountOff: UnitRule = {
  kind: 'amount_off',
  layer: 'unit',
  fields: ['target', 'amount'],
  validate(def, issues) {
    target(issues, '/target', def.target);
    int(issues, '/amount', def.amount, 1);
  },
  keys: (p) => targetKeys(p.target),
  touches: (p, item) => matches(p.target, item),
  price: (p, listPrice) => Math.max(0, listPrice - (p.amount ?? 0)),
  worstCase: (p, items) => unitWorstCase(p, items, (list) => Math.max(0, list - (p.amount ?? 0))),
};
