import { useEffect, useRef, useState } from 'preact/hooks';
import { type Api, ApiError, errorText, isAbort, randomId } from '../console/lib/api.ts';
import { useDebounced } from '../console/lib/hooks.ts';
import type { Cart, Quote, Reservation } from './types.ts';

const linesOf = (cart: Cart) => Object.entries(cart).map(([sku, quantity]) => ({ sku, quantity }));

/** A live quote (POST /v1/quotes) of the cart, refreshed 250 ms after it changes. */
export function useQuote(api: Api, cart: Cart, shopper: string) {
  const [quote, setQuote] = useState<Quote | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [tick, setTick] = useState(0);
  const key = useDebounced(JSON.stringify(cart), 250);
  useEffect(() => {
    void tick;
    const lines = linesOf(JSON.parse(key) as Cart);
    if (lines.length === 0) {
      setQuote(null);
      setPending(false);
      return;
    }
    const ctl = new AbortController();
    setPending(true);
    api<Quote>('POST', '/v1/quotes', { lines, customerId: shopper }, { signal: ctl.signal }).then(
      (q) => {
        setQuote(q);
        setError(null);
        setPending(false);
      },
      (err) => {
        if (isAbort(err)) return;
        setError(errorText(err));
        setPending(false);
      },
    );
    return () => ctl.abort();
  }, [api, key, shopper, tick]);
  const stale = pending || key !== JSON.stringify(cart);
  return { quote, error, stale, requote: () => setTick((t) => t + 1) };
}

export type Outcome =
  | { kind: 'ordered'; orderId: string; total: number; currency: string }
  | { kind: 'sold_out'; skus: { sku: string; available: number }[] }
  | { kind: 'price_changed'; total: number }
  | { kind: 'error'; message: string };

/**
 * Checkout: hold the cart (POST /v1/reservations, with an Idempotency-Key reused if the same cart is retried, and the
 * total the shopper saw as `expectedTotal`), then confirm the hold into an order.
 */
export function useCheckout(api: Api, shopper: string) {
  const [busy, setBusy] = useState(false);
  const attempt = useRef<{ cart: string; key: string } | null>(null);

  const checkout = async (cart: Cart, expectedTotal: number): Promise<Outcome> => {
    const cartKey = `${JSON.stringify(cart)}@${expectedTotal}`;
    if (attempt.current?.cart !== cartKey) attempt.current = { cart: cartKey, key: randomId() };
    const idem = attempt.current.key;
    setBusy(true);
    try {
      const held = await api<Reservation>(
        'POST',
        '/v1/reservations',
        { lines: linesOf(cart), customerId: shopper, expectedTotal },
        { headers: { 'Idempotency-Key': idem } },
      );
      const done = await api<{ orderId: string; total: number }>(
        'POST',
        `/v1/reservations/${held.id}/confirm`,
        undefined,
        {
          headers: { 'Idempotency-Key': `${idem}-confirm` },
        },
      );
      attempt.current = null;
      return { kind: 'ordered', orderId: done.orderId, total: done.total, currency: held.quote.currency };
    } catch (err) {
      if (err instanceof ApiError && err.code === 'insufficient_stock') {
        attempt.current = null;
        return { kind: 'sold_out', skus: (err.details as { sku: string; available: number }[] | undefined) ?? [] };
      }
      if (err instanceof ApiError && err.code === 'price_changed') {
        attempt.current = null;
        const q = (err.details as { quote?: { total: number } } | undefined)?.quote;
        return { kind: 'price_changed', total: q?.total ?? expectedTotal };
      }
      return { kind: 'error', message: errorText(err) };
    } finally {
      setBusy(false);
    }
  };
  return { busy, checkout };
}
