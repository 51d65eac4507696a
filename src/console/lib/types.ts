/**
 * Response shapes of the v1 API the console reads, derived from the route schemas (src/http/schemas) so they cannot
 * drift from what the server sends. Type-only imports: nothing of the server reaches the bundle.
 */
import type { Static } from 'typebox';
import type { MovementView, ProductView, StockView } from '../../http/schemas/catalog.ts';
import type { JobView } from '../../http/schemas/imports.ts';
import type { MerchantView } from '../../http/schemas/merchants.ts';
import type { HistoryEntry as HistoryEntryView, PreviewView, PromotionView } from '../../http/schemas/promotions.ts';
import type { SellThroughView } from '../../http/schemas/reports.ts';
import type { DeliveryView, WebhookView } from '../../http/schemas/webhooks.ts';

/** The `{ items, nextCursor }` envelope of every list (`ListOf` in src/http/schemas/common.ts). */
export interface List<T> {
  items: T[];
  nextCursor: string | null;
}

export type Merchant = Static<typeof MerchantView>;
export type Stock = Static<typeof StockView>;
export type Product = Static<typeof ProductView>;
export type Movement = Static<typeof MovementView>;

export const KINDS = ['percent_off', 'amount_off', 'fixed_price', 'tiered', 'bundle', 'mix_and_match', 'bxgy'] as const;
export type Kind = (typeof KINDS)[number];
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];
export const STATUSES = ['scheduled', 'active', 'paused', 'ended'] as const;
export type Status = (typeof STATUSES)[number];

export interface Target {
  skus?: string[];
  tags?: string[];
}

/** The promotion body of API.md; every kind-specific field optional. */
export interface PromotionBody {
  name: string;
  kind: Kind;
  target?: Target;
  percentBps?: number;
  amount?: number;
  price?: number;
  tiers?: { minQuantity: number; percentBps: number }[];
  items?: { sku: string; quantity: number }[];
  quantity?: number;
  buy?: { target: Target; quantity: number };
  get?: { target: Target; quantity: number; percentBps: number };
  startsAt: string;
  endsAt?: string | null;
  timezone?: string;
  dailyWindows?: { days: Day[]; from: string; to: string }[];
  steps?: { afterSeconds: number; percentBps: number }[];
  stockCap?: number | null;
  perCustomerLimit?: number | null;
  priority?: number;
  onFloorBreach?: 'reject' | 'clamp';
}

export type Promotion = Static<typeof PromotionView>;
export type Preview = Static<typeof PreviewView>;
export type SellThrough = Static<typeof SellThroughView>;
export type Job = Static<typeof JobView>;
export type Webhook = Static<typeof WebhookView>;
export type Delivery = Static<typeof DeliveryView>;
export type HistoryEntry = Static<typeof HistoryEntryView>;
