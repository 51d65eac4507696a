import { type Kysely, sql } from 'kysely';

/**
 * Core tables: merchants and keys, catalog and the stock ledger, promotions and their usage, reservations, orders,
 * idempotency records, the event outbox and the audit trail. Frozen in time: never import application code here.
 */
const statements = [
  `CREATE TABLE merchants (
    id text PRIMARY KEY,
    name text NOT NULL,
    currency char(3) NOT NULL,
    timezone text NOT NULL DEFAULT 'UTC',
    default_min_margin_bps integer NOT NULL DEFAULT 0 CHECK (default_min_margin_bps BETWEEN 0 AND 9999),
    promotions_version bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE api_keys (
    id text PRIMARY KEY,
    merchant_id text NOT NULL REFERENCES merchants(id),
    role text NOT NULL CHECK (role IN ('console', 'storefront')),
    key_hash text NOT NULL UNIQUE,
    key_prefix text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
  )`,
  `CREATE INDEX api_keys_merchant ON api_keys (merchant_id)`,
  `CREATE TABLE products (
    merchant_id text NOT NULL REFERENCES merchants(id),
    sku text NOT NULL,
    name text NOT NULL,
    list_price bigint NOT NULL CHECK (list_price >= 0),
    unit_cost bigint NOT NULL CHECK (unit_cost >= 0),
    tags text[] NOT NULL DEFAULT '{}',
    min_margin_bps integer CHECK (min_margin_bps BETWEEN 0 AND 9999),
    floor_price bigint CHECK (floor_price >= 0),
    on_hand bigint NOT NULL DEFAULT 0,
    reserved bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant_id, sku),
    CONSTRAINT stock_never_negative CHECK (reserved >= 0 AND on_hand >= reserved)
  )`,
  `CREATE INDEX products_tags ON products USING gin (tags)`,
  `CREATE TABLE stock_movements (
    id bigserial PRIMARY KEY,
    merchant_id text NOT NULL,
    sku text NOT NULL,
    delta bigint NOT NULL,
    reason text NOT NULL,
    note text,
    ref text,
    key_id text,
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (merchant_id, sku) REFERENCES products (merchant_id, sku)
  )`,
  `CREATE INDEX stock_movements_sku ON stock_movements (merchant_id, sku, id)`,
  `CREATE TABLE promotions (
    id text PRIMARY KEY,
    merchant_id text NOT NULL REFERENCES merchants(id),
    name text NOT NULL,
    kind text NOT NULL,
    definition jsonb NOT NULL,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz,
    state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused', 'ended')),
    priority integer NOT NULL DEFAULT 0,
    stock_cap bigint CHECK (stock_cap > 0),
    per_customer_limit integer CHECK (per_customer_limit > 0),
    units_reserved bigint NOT NULL DEFAULT 0 CHECK (units_reserved >= 0),
    units_sold bigint NOT NULL DEFAULT 0 CHECK (units_sold >= 0),
    revenue bigint NOT NULL DEFAULT 0,
    discount_given bigint NOT NULL DEFAULT 0,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cap_never_exceeded CHECK (stock_cap IS NULL OR units_reserved + units_sold <= stock_cap)
  )`,
  `CREATE INDEX promotions_merchant ON promotions (merchant_id, created_at, id)`,
  `CREATE TABLE promotion_customer_usage (
    merchant_id text NOT NULL,
    promotion_id text NOT NULL REFERENCES promotions(id),
    customer_id text NOT NULL,
    units_reserved bigint NOT NULL DEFAULT 0 CHECK (units_reserved >= 0),
    units_sold bigint NOT NULL DEFAULT 0 CHECK (units_sold >= 0),
    PRIMARY KEY (promotion_id, customer_id)
  )`,
  `CREATE TABLE reservations (
    id text PRIMARY KEY,
    merchant_id text NOT NULL REFERENCES merchants(id),
    customer_id text,
    status text NOT NULL CHECK (status IN ('held', 'confirmed', 'cancelled', 'expired')),
    expires_at timestamptz NOT NULL,
    quote jsonb NOT NULL,
    total bigint NOT NULL,
    order_id text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX reservations_held_expiry ON reservations (expires_at) WHERE status = 'held'`,
  `CREATE TABLE reservation_lines (
    reservation_id text NOT NULL REFERENCES reservations(id),
    merchant_id text NOT NULL,
    sku text NOT NULL,
    quantity bigint NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (reservation_id, sku)
  )`,
  `CREATE TABLE reservation_promotions (
    reservation_id text NOT NULL REFERENCES reservations(id),
    promotion_id text NOT NULL REFERENCES promotions(id),
    units bigint NOT NULL CHECK (units > 0),
    PRIMARY KEY (reservation_id, promotion_id)
  )`,
  // Live holds only: a row per held line, deleted when its reservation is confirmed, cancelled or expired, so the
  // reserving transaction finds expired holds on a SKU through a small index.
  `CREATE TABLE holds (
    reservation_id text NOT NULL REFERENCES reservations(id),
    merchant_id text NOT NULL,
    sku text NOT NULL,
    quantity bigint NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (reservation_id, sku)
  )`,
  `CREATE INDEX holds_sku_expiry ON holds (merchant_id, sku, expires_at)`,
  `CREATE TABLE orders (
    id text PRIMARY KEY,
    merchant_id text NOT NULL REFERENCES merchants(id),
    reservation_id text NOT NULL UNIQUE REFERENCES reservations(id),
    customer_id text,
    currency char(3) NOT NULL,
    subtotal bigint NOT NULL,
    discount_total bigint NOT NULL,
    total bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX orders_merchant_time ON orders (merchant_id, created_at)`,
  `CREATE TABLE order_lines (
    order_id text NOT NULL REFERENCES orders(id),
    merchant_id text NOT NULL,
    sku text NOT NULL,
    quantity bigint NOT NULL,
    list_price bigint NOT NULL,
    unit_price bigint NOT NULL,
    unit_cost bigint NOT NULL,
    total bigint NOT NULL,
    discounts jsonb NOT NULL,
    floor_clamped boolean NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, sku)
  )`,
  `CREATE INDEX order_lines_sku_time ON order_lines (merchant_id, sku, created_at)`,
  `CREATE TABLE order_promotions (
    order_id text NOT NULL REFERENCES orders(id),
    merchant_id text NOT NULL,
    promotion_id text NOT NULL REFERENCES promotions(id),
    units bigint NOT NULL,
    amount bigint NOT NULL,
    units_by_sku jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, promotion_id)
  )`,
  `CREATE INDEX order_promotions_promotion ON order_promotions (promotion_id, created_at)`,
  `CREATE TABLE idempotency_keys (
    merchant_id text NOT NULL,
    scope text NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    status_code integer NOT NULL,
    response jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant_id, scope, key)
  )`,
  `CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at)`,
  `CREATE TABLE outbox (
    id bigserial PRIMARY KEY,
    event_id text NOT NULL UNIQUE,
    merchant_id text NOT NULL,
    type text NOT NULL,
    data jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    relayed_at timestamptz
  )`,
  `CREATE INDEX outbox_pending ON outbox (id) WHERE relayed_at IS NULL`,
  `CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    merchant_id text NOT NULL,
    entity_type text NOT NULL,
    entity_id text NOT NULL,
    key_id text,
    change jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX audit_log_entity ON audit_log (merchant_id, entity_type, entity_id, id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'audit_log',
    'outbox',
    'idempotency_keys',
    'order_promotions',
    'order_lines',
    'orders',
    'holds',
    'reservation_promotions',
    'reservation_lines',
    'reservations',
    'promotion_customer_usage',
    'promotions',
    'stock_movements',
    'products',
    'api_keys',
    'merchants',
  ]) {
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
  }
}
