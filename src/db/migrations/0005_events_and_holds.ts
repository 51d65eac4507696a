import { type Kysely, sql } from 'kysely';
import * as m0003 from './0003_reserve_function.ts';

/**
 * One implementation of event rows and of releasing holds, shared by the application and `reserve_cart`:
 *   - `emit_event(merchant, type, data, event_id)`: the only statement that inserts into `outbox` (a repeated
 *     `event_id` is ignored), plus `pg_notify('outbox')` so the relay moves it at once; true when the row is new.
 *     `src/db/events.ts` owns it: TypeScript writes events through it, SQL functions call it directly.
 *   - `lapsed_holds(merchant, skus)`: held reservations with a hold on one of `skus` whose time is up, in id order.
 *   - `close_reservations(merchant, ids, to)`: moves those of `ids` still held (for `expired`: only past their time)
 *     to `to`, in id order; deletes their holds; returns what they held as negative changes; announces each expiry as
 *     `reservation.expired` with id `reservation.expired:<reservationId>`, once whoever expires it.
 *   - `apply_hold_changes(merchant, skus, promos, customers)`: applies held-unit changes in lock order — products by
 *     SKU, promotions by id, customer usage by (promotion, customer), byte order (`COLLATE "C"`) — increases only where
 *     stock, cap and limit allow (else SQLSTATE CP001 with `[{ sku, available }]`, or CP002), decreases always.
 *   - `release_reservations(merchant, ids, to)`: close + apply; returns the ids closed (expiry, cancellation).
 *   - `reserve_cart(...)`, replaced: the same statement as migration 0003, with its expiry done by the functions above
 *     and merged with the new hold into one lock-ordered pass.
 * Frozen in time: never import application code here.
 */
const emitEvent = `
CREATE FUNCTION emit_event(p_merchant text, p_type text, p_data jsonb, p_event_id text)
RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO outbox (event_id, merchant_id, type, data) VALUES (p_event_id, p_merchant, p_type, p_data)
    ON CONFLICT (event_id) DO NOTHING;
  IF NOT FOUND THEN RETURN false; END IF;
  PERFORM pg_notify('outbox', '');
  RETURN true;
END
$fn$`;

const lapsedHolds = `
CREATE FUNCTION lapsed_holds(p_merchant text, p_skus text[])
RETURNS text[] LANGUAGE sql STABLE AS $fn$
  SELECT coalesce(array_agg(x.id ORDER BY x.id COLLATE "C"), '{}') FROM (
    SELECT DISTINCT reservation_id AS id FROM holds
    WHERE merchant_id = p_merchant AND expires_at <= now() AND sku = ANY(p_skus)
  ) x
$fn$`;

const closeReservations = `
CREATE FUNCTION close_reservations(p_merchant text, p_ids text[], p_to text)
RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  v_id text;
  h record;
  v_customer text;
  v_closed jsonb := '[]';
  v_sku jsonb := '{}';
  v_promo jsonb := '{}';
  v_cust jsonb := '[]';
BEGIN
  IF p_to NOT IN ('expired', 'cancelled') THEN
    RAISE EXCEPTION 'close_reservations: cannot close to %', p_to;
  END IF;
  FOR v_id IN SELECT u.id FROM (SELECT DISTINCT x AS id FROM unnest(p_ids) x) u ORDER BY u.id COLLATE "C" LOOP
    UPDATE reservations SET status = p_to, updated_at = now()
      WHERE id = v_id AND merchant_id = p_merchant AND status = 'held' AND (p_to <> 'expired' OR expires_at <= now())
      RETURNING customer_id INTO v_customer;
    IF FOUND THEN
      v_closed := v_closed || to_jsonb(v_id);
      FOR h IN DELETE FROM holds WHERE reservation_id = v_id RETURNING sku, quantity LOOP
        v_sku := jsonb_set(v_sku, ARRAY[h.sku], to_jsonb(coalesce((v_sku->>h.sku)::bigint, 0) - h.quantity));
      END LOOP;
      FOR h IN SELECT promotion_id, units FROM reservation_promotions WHERE reservation_id = v_id LOOP
        v_promo := jsonb_set(v_promo, ARRAY[h.promotion_id],
          to_jsonb(coalesce((v_promo->>h.promotion_id)::bigint, 0) - h.units));
        IF v_customer IS NOT NULL THEN
          v_cust := v_cust || jsonb_build_array(jsonb_build_array(h.promotion_id, v_customer, -h.units));
        END IF;
      END LOOP;
      IF p_to = 'expired' THEN
        PERFORM emit_event(p_merchant, 'reservation.expired', jsonb_build_object('reservationId', v_id),
          'reservation.expired:' || v_id);
      END IF;
    END IF;
    v_customer := NULL;
  END LOOP;
  RETURN jsonb_build_object('ids', v_closed, 'skus', v_sku, 'promos', v_promo, 'customers', v_cust);
END
$fn$`;

const applyHoldChanges = `
CREATE FUNCTION apply_hold_changes(p_merchant text, p_skus jsonb, p_promos jsonb, p_customers jsonb)
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  h record;
  v_short jsonb := '[]';
  v_race boolean := false;
BEGIN
  FOR h IN SELECT key AS sku, value::bigint AS n FROM jsonb_each_text(p_skus) ORDER BY key COLLATE "C" LOOP
    IF h.n > 0 THEN
      UPDATE products SET reserved = reserved + h.n
        WHERE merchant_id = p_merchant AND sku = h.sku AND on_hand - reserved >= h.n;
      IF NOT FOUND THEN
        v_short := v_short || jsonb_build_array(jsonb_build_object('sku', h.sku, 'available',
          (SELECT greatest(on_hand - reserved, 0) FROM products WHERE merchant_id = p_merchant AND sku = h.sku)));
      END IF;
    ELSIF h.n < 0 THEN
      UPDATE products SET reserved = reserved + h.n WHERE merchant_id = p_merchant AND sku = h.sku;
    END IF;
  END LOOP;
  -- Before any promotion row is touched: a sold-out cart never waits on a flash sale's promotion row.
  IF jsonb_array_length(v_short) > 0 THEN
    RAISE EXCEPTION 'insufficient_stock' USING ERRCODE = 'CP001', DETAIL = v_short::text;
  END IF;

  FOR h IN SELECT key AS id, value::bigint AS n FROM jsonb_each_text(p_promos) ORDER BY key COLLATE "C" LOOP
    IF h.n > 0 THEN
      UPDATE promotions SET units_reserved = units_reserved + h.n
        WHERE merchant_id = p_merchant AND id = h.id AND state = 'active'
          AND (stock_cap IS NULL OR units_reserved + units_sold + h.n <= stock_cap);
      IF NOT FOUND THEN v_race := true; END IF;
    ELSIF h.n < 0 THEN
      UPDATE promotions SET units_reserved = units_reserved + h.n WHERE merchant_id = p_merchant AND id = h.id;
    END IF;
  END LOOP;

  FOR h IN
    SELECT g.* FROM (
      SELECT c->>0 AS promotion_id, c->>1 AS customer_id, sum((c->>2)::bigint) AS n
      FROM jsonb_array_elements(p_customers) c GROUP BY 1, 2
    ) g ORDER BY g.promotion_id COLLATE "C", g.customer_id COLLATE "C"
  LOOP
    IF h.n > 0 THEN
      INSERT INTO promotion_customer_usage AS u (merchant_id, promotion_id, customer_id, units_reserved)
        SELECT p_merchant, h.promotion_id, h.customer_id, h.n
        FROM promotions p WHERE p.id = h.promotion_id AND h.n <= coalesce(p.per_customer_limit, 2147483647)
      ON CONFLICT (promotion_id, customer_id) DO UPDATE SET units_reserved = u.units_reserved + h.n
        WHERE u.units_reserved + u.units_sold + h.n
          <= (SELECT coalesce(per_customer_limit, 2147483647) FROM promotions WHERE id = h.promotion_id);
      IF NOT FOUND THEN v_race := true; END IF;
    ELSIF h.n < 0 THEN
      UPDATE promotion_customer_usage SET units_reserved = units_reserved + h.n
        WHERE promotion_id = h.promotion_id AND customer_id = h.customer_id;
    END IF;
  END LOOP;
  IF v_race THEN
    RAISE EXCEPTION 'usage_race' USING ERRCODE = 'CP002';
  END IF;
END
$fn$`;

const releaseReservations = `
CREATE FUNCTION release_reservations(p_merchant text, p_ids text[], p_to text)
RETURNS text[] LANGUAGE plpgsql AS $fn$
DECLARE
  d jsonb := close_reservations(p_merchant, p_ids, p_to);
BEGIN
  PERFORM apply_hold_changes(p_merchant, d->'skus', d->'promos', d->'customers');
  RETURN ARRAY(SELECT jsonb_array_elements_text(d->'ids'));
END
$fn$`;

const reserveCart = `
CREATE OR REPLACE FUNCTION reserve_cart(
  p_merchant text, p_id text, p_customer text, p_expires timestamptz, p_quote jsonb, p_total bigint,
  p_lines jsonb, p_promos jsonb, p_idem_scope text, p_idem_key text, p_idem_hash text, p_response jsonb
) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
  h record;
  v_claimed int;
  d jsonb;
  v_sku jsonb;
  v_promo jsonb;
  v_cust jsonb;
BEGIN
  IF p_idem_key IS NOT NULL THEN
    INSERT INTO idempotency_keys (merchant_id, scope, key, request_hash, status_code, response)
    VALUES (p_merchant, p_idem_scope, p_idem_key, p_idem_hash, 201, p_response)
    ON CONFLICT (merchant_id, scope, key) DO UPDATE
      SET request_hash = excluded.request_hash, status_code = 201, response = excluded.response, created_at = now()
      WHERE idempotency_keys.created_at < now() - interval '24 hours'
    RETURNING 1 INTO v_claimed;
    IF v_claimed IS NULL THEN
      SELECT request_hash, status_code, response INTO r FROM idempotency_keys
        WHERE merchant_id = p_merchant AND scope = p_idem_scope AND key = p_idem_key;
      IF r.request_hash <> p_idem_hash THEN RETURN jsonb_build_object('outcome', 'key_reused'); END IF;
      RETURN jsonb_build_object('outcome', 'replay', 'status', r.status_code, 'response', r.response);
    END IF;
  END IF;

  -- Lapsed holds on the cart's SKUs: closed here, given back in the same lock-ordered pass as the new hold.
  d := close_reservations(p_merchant,
    lapsed_holds(p_merchant, ARRAY(SELECT l->>'sku' FROM jsonb_array_elements(p_lines) l)), 'expired');
  v_sku := d->'skus';
  v_promo := d->'promos';
  v_cust := d->'customers';

  INSERT INTO reservations (id, merchant_id, customer_id, status, expires_at, quote, total)
    VALUES (p_id, p_merchant, p_customer, 'held', p_expires, p_quote, p_total);
  INSERT INTO reservation_lines (reservation_id, merchant_id, sku, quantity)
    SELECT p_id, p_merchant, l->>'sku', (l->>'quantity')::bigint FROM jsonb_array_elements(p_lines) l;
  INSERT INTO holds (reservation_id, merchant_id, sku, quantity, expires_at)
    SELECT p_id, p_merchant, l->>'sku', (l->>'quantity')::bigint, p_expires FROM jsonb_array_elements(p_lines) l;
  INSERT INTO reservation_promotions (reservation_id, promotion_id, units)
    SELECT p_id, x->>'promotionId', (x->>'units')::bigint FROM jsonb_array_elements(p_promos) x;

  FOR h IN SELECT l->>'sku' AS sku, (l->>'quantity')::bigint AS n FROM jsonb_array_elements(p_lines) l LOOP
    v_sku := jsonb_set(v_sku, ARRAY[h.sku], to_jsonb(coalesce((v_sku->>h.sku)::bigint, 0) + h.n));
  END LOOP;
  FOR h IN SELECT x->>'promotionId' AS id, (x->>'units')::bigint AS n FROM jsonb_array_elements(p_promos) x LOOP
    v_promo := jsonb_set(v_promo, ARRAY[h.id], to_jsonb(coalesce((v_promo->>h.id)::bigint, 0) + h.n));
    IF p_customer IS NOT NULL THEN
      v_cust := v_cust || jsonb_build_array(jsonb_build_array(h.id, p_customer, h.n));
    END IF;
  END LOOP;

  PERFORM apply_hold_changes(p_merchant, v_sku, v_promo, v_cust);
  RETURN jsonb_build_object('outcome', 'held');
END
$fn$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const fn of [emitEvent, lapsedHolds, closeReservations, applyHoldChanges, releaseReservations, reserveCart]) {
    await sql.raw(fn).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Back to migration 0003's self-contained reserve_cart, then drop what it no longer calls.
  await sql.raw('DROP FUNCTION IF EXISTS reserve_cart').execute(db);
  await m0003.up(db);
  for (const fn of ['release_reservations', 'apply_hold_changes', 'close_reservations', 'lapsed_holds', 'emit_event']) {
    await sql.raw(`DROP FUNCTION IF EXISTS ${fn}`).execute(db);
  }
}
