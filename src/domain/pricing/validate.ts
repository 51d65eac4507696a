/**
 * Semantic validation of a promotion body, beyond what the JSON schema checks. The HTTP layer turns a non-empty
 * result into a 400 naming the first field.
 */
import type { PromotionInput } from './input.ts';
import { parseInstant } from './input.ts';
import { int, isObject } from './kinds/check.ts';
import { RULES } from './kinds/index.ts';
import type { Def, Issue } from './kinds/rule.ts';
import { parseHHMM } from './schedule.ts';
import { DAYS, PROMOTION_KINDS, type PromotionKind } from './types.ts';
import { isValidTimeZone } from './zone.ts';

const COMMON = new Set([
  'name',
  'kind',
  'startsAt',
  'endsAt',
  'timezone',
  'dailyWindows',
  'stockCap',
  'perCustomerLimit',
  'priority',
  'onFloorBreach',
]);

function validateWindows(def: Def, issues: Issue[]): void {
  const windows = def.dailyWindows;
  if (windows === undefined) return;
  if (!Array.isArray(windows) || windows.length === 0) {
    issues.push({ field: '/dailyWindows', message: 'must be a non-empty list' });
    return;
  }
  if (def.timezone === undefined) issues.push({ field: '/timezone', message: 'is required with dailyWindows' });
  windows.forEach((w: unknown, i) => {
    const at = `/dailyWindows/${i}`;
    if (!isObject(w)) {
      issues.push({ field: at, message: 'must be an object { days, from, to }' });
      return;
    }
    for (const k of Object.keys(w)) {
      if (k !== 'days' && k !== 'from' && k !== 'to') issues.push({ field: `${at}/${k}`, message: 'is not allowed' });
    }
    if (!Array.isArray(w.days) || w.days.length === 0) {
      issues.push({ field: `${at}/days`, message: 'must be a non-empty list of mon..sun' });
    } else {
      w.days.forEach((d: unknown, j) => {
        if (!DAYS.includes(d as never)) issues.push({ field: `${at}/days/${j}`, message: 'must be one of mon..sun' });
      });
    }
    const from = parseHHMM(w.from as string);
    const to = parseHHMM(w.to as string, true);
    if (from === null) issues.push({ field: `${at}/from`, message: 'must be HH:MM (00:00..23:59)' });
    if (to === null) issues.push({ field: `${at}/to`, message: 'must be HH:MM (00:00..24:00)' });
    if (from !== null && to !== null && (w.from === w.to || to === from)) {
      issues.push({ field: `${at}/to`, message: 'must differ from from' });
    }
  });
}

function validateCommon(def: Def, issues: Issue[]): void {
  if (typeof def.name !== 'string' || def.name.trim().length === 0) {
    issues.push({ field: '/name', message: 'must be a non-empty string' });
  }
  const startsAt = parseInstant(def.startsAt);
  if (startsAt === null) {
    issues.push({
      field: '/startsAt',
      message: def.startsAt === undefined ? 'is required' : 'must be an ISO 8601 instant with offset',
    });
  }
  if (def.endsAt !== undefined && def.endsAt !== null) {
    const endsAt = parseInstant(def.endsAt);
    if (endsAt === null) issues.push({ field: '/endsAt', message: 'must be an ISO 8601 instant with offset' });
    else if (startsAt !== null && endsAt <= startsAt)
      issues.push({ field: '/endsAt', message: 'must be after startsAt' });
  }
  if (def.timezone !== undefined && !isValidTimeZone(def.timezone as string)) {
    issues.push({ field: '/timezone', message: 'must be an IANA time zone such as Europe/Paris' });
  }
  validateWindows(def, issues);
  for (const f of ['stockCap', 'perCustomerLimit'] as const) {
    if (def[f] !== undefined && def[f] !== null) int(issues, `/${f}`, def[f], 1);
  }
  if (def.priority !== undefined) int(issues, '/priority', def.priority, -1_000_000, 1_000_000);
  if (def.onFloorBreach !== undefined && def.onFloorBreach !== 'reject' && def.onFloorBreach !== 'clamp') {
    issues.push({ field: '/onFloorBreach', message: 'must be reject or clamp' });
  }
}

/**
 * Every semantic problem of a promotion body, in field order per check; empty when it is valid.
 *
 * @example validatePromotion({ kind: 'tiered', tiers: [{ minQuantity: 3, percentBps: 1000 }, { minQuantity: 2, percentBps: 2000 }], … })
 *          → [{ field: '/tiers/1/minQuantity', message: 'must be greater than the tier before it' }]
 * @example a `percent_off` carrying `items` → [{ field: '/items', message: 'is not allowed for percent_off' }]
 */
export function validatePromotion(def: PromotionInput): Issue[] {
  const issues: Issue[] = [];
  const d = def as unknown as Def;
  if (!isObject(d)) return [{ field: '', message: 'must be an object' }];
  const kind = d.kind as PromotionKind;
  if (!PROMOTION_KINDS.includes(kind)) {
    issues.push({ field: '/kind', message: `must be one of ${PROMOTION_KINDS.join(', ')}` });
    validateCommon(d, issues);
    return issues;
  }
  const rule = RULES[kind];
  for (const key of Object.keys(d)) {
    if (d[key] === undefined || COMMON.has(key) || rule.fields.includes(key)) continue;
    const owner = PROMOTION_KINDS.some((k) => RULES[k].fields.includes(key));
    issues.push({ field: `/${key}`, message: owner ? `is not allowed for ${kind}` : 'is not a promotion field' });
  }
  validateCommon(d, issues);
  rule.validate(d, issues);
  return issues;
}
