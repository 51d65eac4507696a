/** The registry of promotion kinds: one file per kind, each implementing `UnitRule` or `BasketRule`. */
import type { PromotionKind } from '../types.ts';
import { amountOff } from './amount-off.ts';
import { bundle } from './bundle.ts';
import { bxgy } from './bxgy.ts';
import { fixedPrice } from './fixed-price.ts';
import { mixAndMatch } from './mix-and-match.ts';
import { percentOff } from './percent-off.ts';
import type { Rule } from './rule.ts';
import { tiered } from './tiered.ts';

export type { BasketRule, Def, GuardItem, Issue, Prepared, Rule, UnitRule, WorstPrice } from './rule.ts';

export const RULES: Readonly<Record<PromotionKind, Rule>> = {
  percent_off: percentOff,
  amount_off: amountOff,
  fixed_price: fixedPrice,
  tiered,
  bundle,
  mix_and_match: mixAndMatch,
  bxgy,
};

export function ruleOf(kind: PromotionKind): Rule {
  const r = RULES[kind];
  if (!r) throw new Error(`unknown promotion kind: ${String(kind)}`);
  return r;
}
