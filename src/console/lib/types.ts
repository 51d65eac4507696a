/** Response shapes of the v1 API the console reads (API.md). */

export interface List<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Merchant {
  id: string;
  name: string;
  currency: string;
  timezone: string;
  defaultMinMarginBps: number;
}

export interface Stock {
  onHand: number;
  reserved: number;
  available: number;
}

export interface Product {
  sku: string;
  name: string;
  listPrice: number;
  unitCost: number;
  tags: string[];
  minMarginBps: number | null;
  floorPrice: number | null;
  floor: number;
  stock: Stock;
}

export interface Movement {
  id: number;
  delta: number;
  reason: string;
  note: string | null;
  ref: string | null;
  keyId: string | null;
  at: string;
}

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

export interface Promotion extends PromotionBody {
  id: string;
  status: Status;
  counters: {
    unitsSold: number;
    unitsReserved: number;
    revenue: number;
    discountGiven: number;
    remainingCap: number | null;
  };
  createdAt: string;
  updatedAt: string;
}

export interface Preview {
  breaches: { sku: string; floor: number; price: number }[];
  skus: { sku: string; listPrice: number; floor: number; promoPrice: number; marginBps: number }[];
}

export interface SellThrough {
  promotionId: string | null;
  from: string;
  to: string;
  timezone: string;
  items: {
    sku: string;
    startOnHand: number;
    unitsSold: number;
    sellThroughBps: number;
    revenue: number;
    discountGiven: number;
    grossMargin: number;
  }[];
  daily: { day: string; unitsSold: number; revenue: number }[];
}

export interface Job {
  id: string;
  state: 'waiting' | 'active' | 'completed' | 'failed';
  progress: number;
  result?: { rows: number; applied: number; failed: number; message?: string };
  errors?: { row: number; message: string }[];
}

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
}

export interface Delivery {
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface HistoryEntry {
  at: string;
  keyId: string | null;
  change: Record<string, unknown>;
}
