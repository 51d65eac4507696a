/**
 * `percent_off`: each targeted unit costs `list − percent(list, bps)`; `steps` deepen the percentage over time.
 *
 * @example list 999, percentBps 1500 → 999 − 150 = 849
 * @example percentBps 2000, steps [{ afterSeconds: 604800, percentBps: 5000 }]: first week 800, then 500 (list 1000)
 */
import { discounted } from '../../money.ts';
import { matches, targetKeys } from '../target.ts';
import { currentPercentBps } from '../time.ts';
import { bps, deepest, int, isObject, target, unitWorstCase } from './check.ts';
import type { Def, Issue, UnitRule } from './rule.ts';

function validateSteps(def: Def, issues: Issue[]): void {
  const steps = def.steps;
  if (steps === undefined) return;
  if (!Array.isArray(steps) || steps.length === 0) {
    issues.push({ field: '/steps', message: 'must be a non-empty list' });
    return;
  }
  let prevAfter = 0;
  let prevBps = typeof def.percentBps === 'number' ? def.percentBps : 0;
  steps.forEach((st: unknown, i) => {
    const at = `/steps/${i}`;
    if (!isObject(st)) {
      issues.push({ field: at, message: 'must be an object { afterSeconds, percentBps }' });
      return;
    }
    for (const k of Object.keys(st)) {
      if (k !== 'afterSeconds' && k !== 'percentBps') issues.push({ field: `${at}/${k}`, message: 'is not allowed' });
    }
    if (int(issues, `${at}/afterSeconds`, st.afterSeconds, 1)) {
      const after = st.afterSeconds as number;
      if (after <= prevAfter)
        issues.push({ field: `${at}/afterSeconds`, message: 'must be greater than the previous step' });
      prevAfter = Math.max(prevAfter, after);
    }
    if (bps(issues, `${at}/percentBps`, st.percentBps)) {
      const b = st.percentBps as number;
      if (b <= prevBps)
        issues.push({ field: `${at}/percentBps`, message: 'must be deeper than the percentage before it' });
      prevBps = Math.max(prevBps, b);
    }
  });
}

export const percentOff: UnitRule = {
  kind: 'percent_off',
  layer: 'unit',
  fields: ['target', 'percentBps', 'steps'],
  validate(def, issues) {
    target(issues, '/target', def.target);
    bps(issues, '/percentBps', def.percentBps);
    validateSteps(def, issues);
  },
  keys: (p) => targetKeys(p.target),
  touches: (p, item) => matches(p.target, item),
  price: (p, listPrice, at) => discounted(listPrice, currentPercentBps(p, at)),
  worstCase: (p, items) =>
    unitWorstCase(p, items, (list) => deepest(list, p.percentBps, ...(p.steps ?? []).map((s) => s.percentBps))),
};
