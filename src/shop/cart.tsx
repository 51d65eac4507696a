import { useEffect, useState } from 'preact/hooks';
import { Field } from '../console/components/field.tsx';
import { ErrorNote } from '../console/components/notes.tsx';
import type { Api } from '../console/lib/api.ts';
import { formatMoney } from '../console/lib/money.ts';
import { type Outcome, useCheckout, useQuote } from './checkout.ts';
import type { Cart, PriceView } from './types.ts';
import { reasonText } from './words.ts';

interface CartProps {
  api: Api;
  cart: Cart;
  names: Map<string, string>;
  prices: Map<string, PriceView>;
  shopper: string;
  currency: string | null;
  onCurrency(c: string): void;
  setQty(sku: string, qty: number): void;
  clear(): void;
  /** Fetches prices again and returns them (null when that failed). */
  refreshPrices(): Promise<Map<string, PriceView> | null>;
}

/** The cart with its live quote, every discount explained, and checkout (hold, then confirm). */
export function CartPanel(p: CartProps) {
  const { quote, error, stale, requote } = useQuote(p.api, p.cart, p.shopper);
  const { busy, checkout } = useCheckout(p.api, p.shopper);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const currency = quote?.currency ?? p.currency;
  const quoted = quote?.currency;
  const { onCurrency } = p;
  useEffect(() => {
    if (quoted) onCurrency(quoted);
  }, [quoted, onCurrency]);
  const money = (m: number) => (currency ? formatMoney(m, currency) : String(m));
  const name = (sku: string) => p.names.get(sku) ?? sku;
  const skus = Object.keys(p.cart);

  const pay = async () => {
    if (!quote) return;
    setOutcome(null);
    let o = await checkout(p.cart, quote.total);
    const fresh = await p.refreshPrices();
    if (o.kind === 'price_changed' && fresh) {
      // The price moved because stock ran out under us (a promotion stops at out_of_stock): say so plainly.
      const gone = skus.filter((sku) => (fresh.get(sku)?.available ?? Number.POSITIVE_INFINITY) < p.cart[sku]!);
      if (gone.length > 0)
        o = { kind: 'sold_out', skus: gone.map((sku) => ({ sku, available: fresh.get(sku)!.available })) };
    }
    setOutcome(o);
    if (o.kind === 'ordered') p.clear();
    if (o.kind === 'sold_out') for (const s of o.skus) if (s.available === 0) p.setQty(s.sku, 0);
    if (o.kind === 'price_changed') requote();
  };

  return (
    <aside class="card cart" aria-labelledby="cart-title">
      <h2 id="cart-title" tabIndex={-1}>
        Your cart
      </h2>
      {skus.length === 0 && <p class="hint">Your cart is empty.</p>}
      <ul class="lines">
        {skus.map((sku) => {
          const line = quote?.lines.find((l) => l.sku === sku);
          const max = p.prices.get(sku)?.available;
          return (
            <li key={sku}>
              <span class="line-name">{name(sku)}</span>
              <Field
                class="qty"
                label={<span class="visually-hidden">Quantity of {name(sku)}</span>}
                type="number"
                min={0}
                max={max}
                inputMode="numeric"
                value={String(p.cart[sku])}
                onValue={(v) => /^\d+$/.test(v) && p.setQty(sku, Math.min(Number(v), 10000))}
              />
              <span class="line-total">{line ? money(line.total) : '…'}</span>
              <button
                type="button"
                class="secondary small"
                onClick={() => p.setQty(sku, 0)}
                aria-label={`Remove ${name(sku)}`}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      {quote && skus.length > 0 && (
        <div class={stale ? 'totals stale' : 'totals'}>
          <p>
            <span>Subtotal</span> <span>{money(quote.subtotal)}</span>
          </p>
          {quote.discountTotal > 0 && (
            <p class="saving">
              <span>You save</span> <span>−{money(quote.discountTotal)}</span>
            </p>
          )}
          <p class="total">
            <span>Total</span> <span>{money(quote.total)}</span>
          </p>
          <ul class="explain" aria-label="How your price was worked out">
            {quote.applied.map((a) => (
              <li key={a.promotionId}>
                “{a.name}” took {money(a.amount)} off {a.units} {a.units === 1 ? 'item' : 'items'}.
              </li>
            ))}
            {quote.notApplied.map((n) => (
              <li key={n.promotionId} class="hint">
                Another offer {reasonText(n.reason)}.
              </li>
            ))}
            {quote.lines.some((l) => l.floorClamped) && (
              <li class="hint">Some discounts stop at the lowest price we can sell at.</li>
            )}
          </ul>
        </div>
      )}
      <ErrorNote message={error} />
      {skus.length > 0 && (
        <button type="button" class="checkout" disabled={busy || stale || !quote} onClick={pay}>
          {busy ? 'Placing your order…' : quote ? `Check out · ${money(quote.total)}` : 'Check out'}
        </button>
      )}
      <div role="status" aria-live="polite" class="outcome">
        {outcome && <OutcomeText outcome={outcome} name={name} money={money} />}
      </div>
    </aside>
  );
}

function OutcomeText(p: { outcome: Outcome; name(sku: string): string; money(m: number): string }) {
  const o = p.outcome;
  if (o.kind === 'ordered')
    return (
      <p class="ok">
        Order confirmed: {p.money(o.total)}. Order number <span class="break">{o.orderId}</span>.
      </p>
    );
  if (o.kind === 'sold_out')
    return (
      <p class="error-note">
        Sorry, sold out:{' '}
        {o.skus
          .map((s) => (s.available > 0 ? `${p.name(s.sku)} (only ${s.available} left)` : p.name(s.sku)))
          .join(', ')}
        . Another shopper just took the last {o.skus.length === 1 ? 'one' : 'units'}.
      </p>
    );
  if (o.kind === 'price_changed')
    return (
      <p class="error-note">
        The price changed while you were shopping; the new total is {p.money(o.total)}. Check it and try again.
      </p>
    );
  return <p class="error-note">Checkout failed: {o.message}</p>;
}
