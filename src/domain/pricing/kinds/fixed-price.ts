/**
 * `fixed_price`: each targeted unit costs `price` — only where that is below its list price.
 *
 * @example price 4999: list 8000 → 4999; list 3000 → stays 3000 (not better)
 */
import { matches, targetKeys } from '../target.ts';
import { int, target, unitWorstCase } from './check.ts';
import type { UnitRule } from './rule.ts';

export const fixedPrice: UnitRule = {
  kind: 'fixed_price',
  layer: 'unit',
  fields: ['target', 'price'],
  validate(def, issues) {
    target(issues, '/target', def.target);
    int(issues, '/price', def.price, 0);
  },
  keys: (p) => targetKeys(p.target),
  touches: (p, item) => matches(p.target, item),
  price: (p, listPrice) => Math.min(listPrice, p.price ?? listPrice),
  worstCase: (p, items) => unitWorstCase(p, items, (list) => Math.min(list, p.price ?? list)),
};
