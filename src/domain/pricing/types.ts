import type { Bps, Minor } from '../money.ts';

/** Epoch milliseconds. The engine never reads the clock: every instant is passed in. */
export type Instant = number;

export type UnitKind = 'percent_off' | 'amount_off' | 'fixed_price';
export type BasketKind = 'tiered' | 'bundle' | 'mix_and_match' | 'bxgy';
export type PromotionKind = UnitKind | BasketKind;
export const PROMOTION_KINDS: readonly PromotionKind[] = [
  'percent_off',
  'amount_off',
  'fixed_price',
  'tiered',
  'bundle',
  'mix_and_match',
  'bxgy',
];

export type Day = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const DAYS: readonly Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Which SKUs a promotion reaches: the union of the listed SKUs and every SKU carrying one of the tags. */
export interface Target {
  skus?: string[];
  tags?: string[];
}

export interface DailyWindow {
  days: Day[];
  /** `HH:MM` wall clock in the promotion's timezone; inclusive. */
  from: string;
  /** `HH:MM`; exclusive. `to < from` runs past midnight and belongs to the day it starts. `00:00` as `to` means midnight. */
  to: string;
}

export interface Step {
  afterSeconds: number;
  percentBps: Bps;
}

export interface Tier {
  minQuantity: number;
  percentBps: Bps;
}

export interface BundleItem {
  sku: string;
  quantity: number;
}

export type PromotionState = 'active' | 'paused' | 'ended';

/**
 * A promotion as the engine sees it: the merchant's definition (API.md field names) plus its stored state.
 * Fields that do not apply to `kind` are absent.
 */
export interface Promotion {
  id: string;
  name: string;
  kind: PromotionKind;
  target?: Target;
  percentBps?: Bps;
  amount?: Minor;
  price?: Minor;
  tiers?: Tier[];
  items?: BundleItem[];
  quantity?: number;
  buy?: { target: Target; quantity: number };
  get?: { target: Target; quantity: number; percentBps: Bps };
  startsAt: Instant;
  endsAt: Instant | null;
  timezone?: string;
  dailyWindows?: DailyWindow[];
  steps?: Step[];
  stockCap?: number | null;
  perCustomerLimit?: number | null;
  priority: number;
  onFloorBreach: 'reject' | 'clamp';
  /** `paused`/`ended` are set by the merchant; `active` means "live whenever its time rules say so". */
  state: PromotionState;
  /** Creation instant: among equal prices and priorities, the older promotion wins. */
  createdAt: Instant;
}

/** One SKU of the catalog as pricing needs it. */
export interface CatalogItem {
  sku: string;
  listPrice: Minor;
  /** Effective margin floor (see `effectiveFloor`). */
  floor: Minor;
  tags: readonly string[];
  /** Units available to sell now (onHand − reserved); used by `/v1/prices` and `out_of_stock`. */
  available?: number;
}

export interface Catalog {
  get(sku: string): CatalogItem | undefined;
}

/**
 * Live promotions, looked up by what they target so a quote never scans every promotion.
 * `candidates` returns every promotion that could touch any of the given items (by SKU, by tag, or as a bundle item).
 */
export interface PromotionSource {
  candidates(items: readonly CatalogItem[]): readonly Promotion[];
}

/** Units already taken under each promotion, by everyone (for `stockCap`) and by this customer (for `perCustomerLimit`). */
export interface Usage {
  /** Units sold or held under the promotion across all customers. */
  capUsed(promotionId: string): number;
  /** Units sold or held under the promotion by the cart's customer (0 without a customer). */
  customerUsed(promotionId: string): number;
}

export interface CartLine {
  sku: string;
  quantity: number;
}

export interface Cart {
  lines: CartLine[];
  customerId?: string | null;
}

export type NotAppliedReason =
  | 'outside_window'
  | 'paused'
  | 'cap_exhausted'
  | 'customer_limit'
  | 'customer_required'
  | 'margin_floor'
  | 'incomplete_set'
  | 'not_better'
  | 'out_of_stock';

export interface LineDiscount {
  promotionId: string;
  amount: Minor;
}

/** A run of a line's units that share one unit-layer price (and the promotion that set it, `null` = list price). */
export interface UnitPrice {
  quantity: number;
  unitPrice: Minor;
  promotionId: string | null;
}

export interface QuoteLine {
  sku: string;
  quantity: number;
  listPrice: Minor;
  /**
   * The advertised price: the lowest unit-layer price among the line's units. When a cap or a per-customer limit runs
   * out part-way through the line, the other units are dearer; `unitPrices` shows the split.
   */
  unitPrice: Minor;
  /**
   * How the line's units split across unit-layer prices, cheapest first; the quantities sum to `quantity`.
   * Example: stockCap 5 at 700, 8 units in the cart, list 1000 → `[{ 5, 700, "P" }, { 3, 1000, null }]`.
   */
  unitPrices: UnitPrice[];
  total: Minor;
  discounts: LineDiscount[];
  floorClamped: boolean;
}

export interface Applied {
  promotionId: string;
  name: string;
  kind: PromotionKind;
  /** Units priced by this promotion; these are what `stockCap` and `perCustomerLimit` count. */
  units: number;
  amount: Minor;
  /** Units of each SKU this promotion priced (for holding caps and for reports). */
  unitsBySku: Record<string, number>;
}

export interface NotApplied {
  promotionId: string;
  reason: NotAppliedReason;
}

export interface Quote {
  at: Instant;
  lines: QuoteLine[];
  subtotal: Minor;
  discountTotal: Minor;
  total: Minor;
  applied: Applied[];
  notApplied: NotApplied[];
}
