import type { ColumnType, Generated } from 'kysely';
import type { Counter, Json, NullableTimestamp, Timestamp } from './columns.ts';

/** Tables of migration 0002 (jobs and events); merged into `DB` in schema.ts. */

export interface WebhooksTable {
  id: string;
  merchant_id: string;
  url: string;
  events: string[];
  secret: string;
  created_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  seq: Generated<number>;
  webhook_id: string;
  event_id: string;
  merchant_id: string;
  event_type: string;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: Counter;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  delivered_at: NullableTimestamp;
}

export type ImportState = 'waiting' | 'active' | 'completed' | 'failed';
export interface ImportError {
  row: number;
  message: string;
}

export interface ImportsTable {
  id: string;
  merchant_id: string;
  kind: string;
  state: ColumnType<ImportState, ImportState | undefined, ImportState>;
  size_bytes: number;
  progress: Counter;
  rows_done: Counter;
  applied: Counter;
  failed: Counter;
  errors: Json<ImportError[], string | undefined>;
  message: string | null;
  key_id: string | null;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export interface ImportChunksTable {
  import_id: string;
  seq: number;
  data: Buffer;
}

export interface SellThroughDailyTable {
  merchant_id: string;
  day: ColumnType<string, string, string>;
  sku: string;
  units_sold: number;
  revenue: number;
  discount_given: number;
  cost: number;
  on_hand_end: number;
  created_at: Timestamp;
}

export interface JobTables {
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  imports: ImportsTable;
  import_chunks: ImportChunksTable;
  sell_through_daily: SellThroughDailyTable;
}
