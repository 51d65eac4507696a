/** The pricing engine and its helpers. Pure: no I/O, no clock — every instant is passed in. */
export { EXACT_MAX_PROMOTIONS } from './basket.ts';
export { type Evaluation, evaluate, quote } from './engine.ts';
export { type FloorBreach, floorBreaches, type GuardItem, type PreviewSku, previewPromotion } from './guard.ts';
export { type PromotionInput, parseInstant, toPromotion } from './input.ts';
export { RULES, ruleOf } from './kinds/index.ts';
export type { Issue } from './kinds/rule.ts';
export { type PriceNow, priceNow, priceNowByQuote } from './price-now.ts';
export { buildPromotionIndex } from './source.ts';
export {
  activeUntil,
  type BoundaryKind,
  currentPercentBps,
  inDailyWindow,
  inSchedule,
  isActiveAt,
  nextBoundary,
  type PromotionStatus,
  stateAt,
} from './time.ts';
export * from './types.ts';
export { validatePromotion } from './validate.ts';
export { isValidTimeZone } from './zone.ts';
