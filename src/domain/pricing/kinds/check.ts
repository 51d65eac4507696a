/** Small validators shared by the kind files and `validate.ts`. Each pushes an `Issue` and returns whether `v` is fine. */
import { discounted } from '../../money.ts';
import { matches } from '../target.ts';
import type { Promotion } from '../types.ts';
import type { Def, GuardItem, Issue, WorstPrice } from './rule.ts';

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

export function isObject(v: unknown): v is Def {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An integer in `[min, max]`. */
export function int(issues: Issue[], field: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): boolean {
  if (v === undefined || v === null) {
    issues.push({ field, message: 'is required' });
    return false;
  }
  if (!isInt(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `between ${min} and ${max}`;
    issues.push({ field, message: `must be an integer ${range}` });
    return false;
  }
  return true;
}

/** Basis points of a discount: 1..10000. */
export function bps(issues: Issue[], field: string, v: unknown): boolean {
  return int(issues, field, v, 1, 10000);
}

/** A target `{ skus?, tags? }` with at least one SKU or tag, all non-empty strings. */
export function target(issues: Issue[], field: string, v: unknown): boolean {
  if (!isObject(v)) {
    issues.push({ field, message: v === undefined ? 'is required' : 'must be an object with skus and/or tags' });
    return false;
  }
  let ok = true;
  let n = 0;
  for (const key of Object.keys(v)) {
    const list = v[key];
    if (key !== 'skus' && key !== 'tags') {
      issues.push({ field: `${field}/${key}`, message: 'is not allowed' });
      ok = false;
    } else if (!Array.isArray(list) || list.some((s) => typeof s !== 'string' || s.length === 0)) {
      issues.push({ field: `${field}/${key}`, message: 'must be a list of non-empty strings' });
      ok = false;
    } else n += list.length;
  }
  if (ok && n === 0) {
    issues.push({ field, message: 'must name at least one SKU or tag' });
    ok = false;
  }
  return ok;
}

/** Worst case of a unit-priced promotion: each targeted item at `price(listPrice)`; a breach if that is a discount below the floor. */
export function unitWorstCase(
  p: Promotion,
  items: readonly GuardItem[],
  price: (listPrice: number) => number,
  target = p.target,
): WorstPrice[] {
  return items
    .filter((it) => matches(target, it))
    .map((it) => {
      const promoPrice = price(it.listPrice);
      return { sku: it.sku, promoPrice, breach: promoPrice < it.floor && promoPrice < it.listPrice };
    });
}

/** `discounted` with the deepest of a list of percentages. */
export function deepest(listPrice: number, ...bpsList: (number | undefined)[]): number {
  return discounted(listPrice, Math.max(0, ...bpsList.map((b) => b ?? 0)));
}
