import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Json, Money, NullableTimestamp, Timestamp, WithDefault } from './columns.ts';
import type { JobTables } from './schema-jobs.ts';

/** Hand-written table types; columns are snake_case as in SQL, money columns are `bigint` read as safe JS numbers. */

export interface MerchantsTable {
  id: string;
  name: string;
  currency: string;
  timezone: ColumnType<string, string | undefined, string>;
  default_min_margin_bps: WithDefault<number>;
  promotions_version: WithDefault<number>;
  created_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  merchant_id: string;
  role: 'console' | 'storefront';
  key_hash: string;
  key_prefix: string;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface ProductsTable {
  merchant_id: string;
  sku: string;
  name: string;
  list_price: Money;
  unit_cost: Money;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  min_margin_bps: number | null;
  low_stock_threshold: ColumnType<number | null, number | null | undefined, number | null>;
  floor_price: number | null;
  on_hand: WithDefault<number>;
  reserved: WithDefault<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StockMovementsTable {
  id: Generated<number>;
  merchant_id: string;
  sku: string;
  delta: number;
  reason: string;
  note: string | null;
  ref: string | null;
  key_id: string | null;
  created_at: Timestamp;
}

export interface PromotionsTable {
  id: string;
  merchant_id: string;
  name: string;
  kind: string;
  /** The merchant's definition as sent (the request's field names), minus the columns below. */
  definition: Json<Record<string, unknown>>;
  starts_at: Timestamp;
  ends_at: NullableTimestamp;
  state: ColumnType<
    'active' | 'paused' | 'ended',
    'active' | 'paused' | 'ended' | undefined,
    'active' | 'paused' | 'ended'
  >;
  priority: WithDefault<number>;
  stock_cap: number | null;
  per_customer_limit: number | null;
  units_reserved: WithDefault<number>;
  units_sold: WithDefault<number>;
  revenue: WithDefault<number>;
  discount_given: WithDefault<number>;
  version: WithDefault<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PromotionCustomerUsageTable {
  merchant_id: string;
  promotion_id: string;
  customer_id: string;
  units_reserved: WithDefault<number>;
  units_sold: WithDefault<number>;
}

export type ReservationStatus = 'held' | 'confirmed' | 'cancelled' | 'expired';

export interface ReservationsTable {
  id: string;
  merchant_id: string;
  customer_id: string | null;
  status: ReservationStatus;
  expires_at: Timestamp;
  quote: Json<unknown>;
  total: Money;
  order_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReservationLinesTable {
  reservation_id: string;
  merchant_id: string;
  sku: string;
  quantity: number;
}

export interface ReservationPromotionsTable {
  reservation_id: string;
  promotion_id: string;
  units: number;
}

export interface HoldsTable {
  reservation_id: string;
  merchant_id: string;
  sku: string;
  quantity: number;
  expires_at: Timestamp;
}

export interface OrdersTable {
  id: string;
  merchant_id: string;
  reservation_id: string;
  customer_id: string | null;
  currency: string;
  subtotal: Money;
  discount_total: Money;
  total: Money;
  created_at: Timestamp;
}

export interface OrderLinesTable {
  order_id: string;
  merchant_id: string;
  sku: string;
  quantity: number;
  list_price: Money;
  unit_price: Money;
  unit_cost: Money;
  total: Money;
  discounts: Json<{ promotionId: string; amount: number }[]>;
  floor_clamped: boolean;
  created_at: Timestamp;
}

export interface OrderPromotionsTable {
  order_id: string;
  merchant_id: string;
  promotion_id: string;
  units: number;
  amount: Money;
  units_by_sku: Json<Record<string, number>>;
  created_at: Timestamp;
}

export interface IdempotencyKeysTable {
  merchant_id: string;
  scope: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: Json<unknown>;
  created_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  event_id: string;
  merchant_id: string;
  type: string;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
  relayed_at: NullableTimestamp;
  /** Set when the `events` job has fanned the event out to webhook deliveries (migration 0002). */
  dispatched_at: NullableTimestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  merchant_id: string;
  entity_type: 'promotion' | 'product' | 'merchant';
  entity_id: string;
  key_id: string | null;
  change: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface DB extends JobTables {
  merchants: MerchantsTable;
  api_keys: ApiKeysTable;
  products: ProductsTable;
  stock_movements: StockMovementsTable;
  promotions: PromotionsTable;
  promotion_customer_usage: PromotionCustomerUsageTable;
  reservations: ReservationsTable;
  reservation_lines: ReservationLinesTable;
  reservation_promotions: ReservationPromotionsTable;
  holds: HoldsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  order_promotions: OrderPromotionsTable;
  idempotency_keys: IdempotencyKeysTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
}

export type MerchantRow = Selectable<MerchantsTable>;
export type ProductRow = Selectable<ProductsTable>;
export type PromotionRow = Selectable<PromotionsTable>;
export type ReservationRow = Selectable<ReservationsTable>;
