/**
 * Why a live promotion that touched the cart priced nothing (`notApplied[].reason`), once the engine has decided.
 * Blocked promotions already carry their reason from `screen`.
 */
import type { Contender } from './basket.ts';
import type { Pool } from './pool.ts';
import type { Live } from './screen.ts';
import type { CatalogItem, Instant, NotAppliedReason } from './types.ts';

/**
 * A unit promotion that priced no unit: `margin_floor` when its price is below list somewhere but the floor clamp
 * leaves nothing off on every touched SKU; otherwise `not_better` (another price was lower, or it is no discount).
 */
export function explainUnit(live: Live, items: readonly CatalogItem[], at: Instant): NotAppliedReason {
  if (live.rule.layer !== 'unit') return 'not_better';
  let cut = false;
  for (const i of live.lines) {
    const it = items[i]!;
    const raw = live.rule.price(live.p, it.listPrice, at);
    if (raw >= it.listPrice) continue;
    if (Math.max(raw, it.floor) < it.listPrice) return 'not_better';
    cut = true;
  }
  return cut ? 'margin_floor' : 'not_better';
}

/**
 * A basket promotion that took no set, judged on the whole cart as if it were alone (`counts`: every slot full):
 * no set fits its remaining cap → `cap_exhausted` (or `customer_limit` when the customer's limit is the tighter);
 * a set exists only with units whose list price is below their floor → `margin_floor`; no set at all →
 * `incomplete_set`; a set that is no cheaper → `not_better`; cheaper but not above the floors → `margin_floor`;
 * a set that saves money but lost to a better combination → `not_better`.
 */
export function explainBasket(c: Contender, pool: Pool, counts: Int32Array): NotAppliedReason {
  const live = c.live;
  const t = c.prep.take(counts.slice(), live.capLeft);
  if (t === null) {
    const unlimited = c.prep.take(counts.slice(), Number.POSITIVE_INFINITY);
    if (unlimited) return unlimited.units > live.stockLeft ? 'cap_exhausted' : 'customer_limit';
    const withBlocked = pool.anyBlocked && live.rule.layer === 'basket' ? live.rule.prepare(live.p, pool, true) : null;
    if (withBlocked?.take(counts.slice(), Number.POSITIVE_INFINITY)) {
      return 'margin_floor';
    }
    return 'incomplete_set';
  }
  if (t.saving > 0 || t.raw <= 0) return 'not_better';
  return 'margin_floor';
}
