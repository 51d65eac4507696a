import { type Kysely, sql } from 'kysely';

/**
 * `reserve_cart(...)`: the whole hold of a priced cart in one statement, so the hot rows of a flash sale are locked
 * for microseconds plus the commit instead of a dozen client round trips. In order:
 *   1. claim the Idempotency-Key (a concurrent request with the same key waits here, then replays);
 *   2. expire lapsed holds on the cart's SKUs and give back what they held (announcing `reservation.expired`);
 *   3. insert the reservation, its lines, holds and promotion units;
 *   4. apply held-unit changes in lock order — products by SKU, promotions by id, customer usage by (promotion,
 *      customer), all in byte order (`COLLATE "C"`, the order the application sorts in) — with conditional increases.
 * A SKU short of stock raises SQLSTATE CP001 (detail: JSON `[{ sku, available }]`); a cap or customer limit that ran
 * out since pricing raises CP002. Either aborts the statement, so nothing of it remains.
 * Frozen in time: never import application code here.
 */
const reserveCart = `
CREATE FUNCTION reserve_cart(
  p_merchant text, p_id text, p_customer text, p_expires timestamptz, p_quote jsonb, p_total bigint,
  p_lines jsonb, p_promos jsonb, p_idem_scope text, p_idem_key text, p_idem_hash text, p_response jsonb
) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
  h record;
  v_claimed int;
  v_sku jsonb := '{}';
  v_promo jsonb := '{}';
  v_cust jsonb := '[]';
  v_short jsonb := '[]';
  v_race boolean := false;
  v_customer text;
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

  FOR r IN
    SELECT DISTINCT hh.reservation_id AS id FROM holds hh
    WHERE hh.merchant_id = p_merchant AND hh.expires_at <= now()
      AND hh.sku IN (SELECT l->>'sku' FROM jsonb_array_elements(p_lines) l)
    ORDER BY 1
  LOOP
    UPDATE reservations SET status = 'expired', updated_at = now()
      WHERE id = r.id AND merchant_id = p_merchant AND status = 'held' AND expires_at <= now()
      RETURNING customer_id INTO v_customer;
    IF FOUND THEN
      FOR h IN DELETE FROM holds WHERE reservation_id = r.id RETURNING sku, quantity LOOP
        v_sku := jsonb_set(v_sku, ARRAY[h.sku], to_jsonb(coalesce((v_sku->>h.sku)::bigint, 0) - h.quantity));
      END LOOP;
      FOR h IN SELECT promotion_id, units FROM reservation_promotions WHERE reservation_id = r.id LOOP
        v_promo := jsonb_set(v_promo, ARRAY[h.promotion_id], to_jsonb(coalesce((v_promo->>h.promotion_id)::bigint, 0) - h.units));
        IF v_customer IS NOT NULL THEN
          v_cust := v_cust || jsonb_build_array(jsonb_build_array(h.promotion_id, v_customer, -h.units));
        END IF;
      END LOOP;
      INSERT INTO outbox (event_id, merchant_id, type, data)
        VALUES ('reservation.expired:' || r.id, p_merchant, 'reservation.expired', jsonb_build_object('reservationId', r.id))
        ON CONFLICT (event_id) DO NOTHING;
      PERFORM pg_notify('outbox', '');
    END IF;
    v_customer := NULL;
  END LOOP;

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

  FOR h IN SELECT key AS sku, value::bigint AS n FROM jsonb_each_text(v_sku) ORDER BY key COLLATE "C" LOOP
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
  IF jsonb_array_length(v_short) > 0 THEN
    RAISE EXCEPTION 'insufficient_stock' USING ERRCODE = 'CP001', DETAIL = v_short::text;
  END IF;

  FOR h IN SELECT key AS id, value::bigint AS n FROM jsonb_each_text(v_promo) ORDER BY key COLLATE "C" LOOP
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
      FROM jsonb_array_elements(v_cust) c GROUP BY 1, 2
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

  RETURN jsonb_build_object('outcome', 'held');
END
$fn$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(reserveCart).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP FUNCTION IF EXISTS reserve_cart').execute(db);
}
