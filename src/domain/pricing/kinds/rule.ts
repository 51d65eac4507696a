/**
 * The interface every promotion kind implements. The engine, the index, validation and the creation guard iterate
 * the registry (`kinds/index.ts`), so adding a kind means one file here and one test table.
 */
import type { Minor } from '../../money.ts';
import type { Pool, Take } from '../pool.ts';
import type { Tagged } from '../target.ts';
import type { BasketKind, CatalogItem, Instant, Promotion, UnitKind } from '../types.ts';

/** A semantic validation problem; `field` is a JSON path such as `/tiers/1/minQuantity`. */
export interface Issue {
  field: string;
  message: string;
}

/** A promotion body as received (already JSON), read field by field. */
export type Def = Record<string, unknown>;

/** A catalog item with its cost, as the creation guard needs it. */
export type GuardItem = CatalogItem & { unitCost: Minor };

/** The worst-case price the promotion alone could give one unit of `sku`, and whether that breaks the floor. */
export interface WorstPrice {
  sku: string;
  promoPrice: Minor;
  breach: boolean;
}

interface RuleBase {
  /** Kind-specific body fields this kind accepts (the common ones are accepted by every kind). */
  fields: readonly string[];
  validate(def: Def, issues: Issue[]): void;
  /** SKUs and tags under which the promotion index files the promotion. */
  keys(p: Promotion): { skus: string[]; tags: string[] };
  /** Whether the promotion can touch units of this SKU (explanations, out_of_stock). */
  touches(p: Promotion, item: Tagged): boolean;
  /** Per targeted item among `items`, the worst-case promotional price (creation guard and preview). */
  worstCase(p: Promotion, items: readonly GuardItem[]): WorstPrice[];
}

/** `percent_off`, `amount_off`, `fixed_price`: a price per unit, no compounding. */
export interface UnitRule extends RuleBase {
  kind: UnitKind;
  layer: 'unit';
  /** The promotional price of one unit listed at `listPrice`, before the floor clamp. */
  price(p: Promotion, listPrice: Minor, at: Instant): Minor;
}

/** What a basket rule needs to take sets from a pool. */
export interface Prepared {
  /** Every slot the promotion could use (for grouping competing promotions). */
  slots: readonly number[];
  /**
   * Takes one set/group (tiered: its whole tier) from `rem`, consuming it, using at most `capLeft` units.
   * `null` when no complete set can be formed, and then `rem` is left as it was; a take with `saving` 0 does not
   * lower the price (the caller `restore`s it).
   */
  take(rem: Int32Array, capLeft: number): Take | null;
}

/** `tiered`, `bundle`, `mix_and_match`, `bxgy`: work on units at their unit-layer price. */
export interface BasketRule extends RuleBase {
  kind: BasketKind;
  layer: 'basket';
  /** Applies at most once per quote (tiered takes all its units at once). */
  once: boolean;
  /** Binds the promotion to a pool; `includeBlocked` also lets it use units whose list price is below the floor. */
  prepare(p: Promotion, pool: Pool, includeBlocked: boolean): Prepared;
}

export type Rule = UnitRule | BasketRule;
