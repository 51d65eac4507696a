import { type Kysely, sql } from 'kysely';

/**
 * Jobs and events: webhook subscriptions and their delivery log, CSV imports (state and the uploaded file in chunks,
 * so any worker can read it), daily sell-through snapshots, and the outbox's fan-out mark.
 * Frozen in time: never import application code here.
 */
const statements = [
  // Set once the `events` job has fanned the event out to webhook deliveries; relayed-but-undispatched rows are
  // re-published at worker start, so a flushed Redis loses nothing.
  `ALTER TABLE outbox ADD COLUMN dispatched_at timestamptz`,
  `CREATE INDEX outbox_undispatched ON outbox (id) WHERE relayed_at IS NOT NULL AND dispatched_at IS NULL`,
  `CREATE TABLE webhooks (
    id text PRIMARY KEY,
    merchant_id text NOT NULL REFERENCES merchants(id),
    url text NOT NULL,
    events text[] NOT NULL,
    secret text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,
  `CREATE INDEX webhooks_merchant ON webhooks (merchant_id, created_at, id) WHERE deleted_at IS NULL`,
  `CREATE TABLE webhook_deliveries (
    seq bigserial UNIQUE,
    webhook_id text NOT NULL REFERENCES webhooks(id),
    event_id text NOT NULL,
    merchant_id text NOT NULL,
    event_type text NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    last_status_code integer,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz,
    PRIMARY KEY (webhook_id, event_id)
  )`,
  `CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (seq) WHERE status = 'pending'`,
  `CREATE TABLE imports (
    id text PRIMARY KEY,
    merchant_id text NOT NULL REFERENCES merchants(id),
    kind text NOT NULL,
    state text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'active', 'completed', 'failed')),
    size_bytes bigint NOT NULL,
    progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    rows_done bigint NOT NULL DEFAULT 0,
    applied bigint NOT NULL DEFAULT 0,
    failed bigint NOT NULL DEFAULT 0,
    errors jsonb NOT NULL DEFAULT '[]',
    message text,
    key_id text,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz
  )`,
  `CREATE INDEX imports_open ON imports (created_at) WHERE state IN ('waiting', 'active')`,
  `CREATE TABLE import_chunks (
    import_id text NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    seq integer NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (import_id, seq)
  )`,
  `CREATE TABLE sell_through_daily (
    merchant_id text NOT NULL REFERENCES merchants(id),
    day date NOT NULL,
    sku text NOT NULL,
    units_sold bigint NOT NULL,
    revenue bigint NOT NULL,
    discount_given bigint NOT NULL,
    cost bigint NOT NULL,
    on_hand_end bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant_id, day, sku)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['sell_through_daily', 'import_chunks', 'imports', 'webhook_deliveries', 'webhooks']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
  }
  await sql.raw('ALTER TABLE outbox DROP COLUMN IF EXISTS dispatched_at').execute(db);
}
