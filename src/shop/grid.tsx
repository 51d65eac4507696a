import { useEffect, useRef } from 'preact/hooks';
import { useNow } from '../console/lib/hooks.ts';
import { formatMoney } from '../console/lib/money.ts';
import type { Cart, CatalogItem, PriceView } from './types.ts';
import { countdown } from './words.ts';

interface GridProps {
  items: CatalogItem[];
  prices: Map<string, PriceView>;
  currency: string;
  cart: Cart;
  onAdd(sku: string): void;
  /** Called once when a promotion's countdown runs out, to fetch the new prices. */
  onEnded(): void;
}

/** Products with list and current price, a countdown to the end of the deal and the units left at its price. */
export function ProductGrid(p: GridProps) {
  const now = useNow(1000);
  const ended = useRef(new Set<string>());
  useEffect(() => {
    for (const price of p.prices.values()) {
      if (price.endsAt && Date.parse(price.endsAt) <= now && !ended.current.has(price.endsAt)) {
        ended.current.add(price.endsAt);
        p.onEnded();
      }
    }
  }, [now, p.prices, p.onEnded]);

  return (
    <ul class="products">
      {p.items.map((item) => {
        const price = p.prices.get(item.sku);
        const money = (m: number) => formatMoney(m, p.currency);
        const deal = price !== undefined && price.promotionId !== null && price.price < price.listPrice;
        const inCart = p.cart[item.sku] ?? 0;
        const soldOut = price !== undefined && (price.available === 0 || price.available <= inCart);
        const titleId = `p-${item.sku}`;
        return (
          <li key={item.sku}>
            <article
              class={`product${price?.available === 0 ? ' sold-out' : ''}`}
              aria-labelledby={titleId}
              data-sku={item.sku}
            >
              <h2 id={titleId}>{item.name}</h2>
              <p class="sku">{item.sku}</p>
              {price ? (
                <p class="price">
                  {deal && (
                    <del>
                      <span class="visually-hidden">Was </span>
                      {money(price.listPrice)}
                    </del>
                  )}{' '}
                  <strong class={deal ? 'now' : undefined}>
                    {deal && <span class="visually-hidden">Now </span>}
                    {money(price.price)}
                  </strong>
                </p>
              ) : (
                <p class="price hint">Loading price…</p>
              )}
              {deal && price.endsAt && (
                <p class="countdown">
                  Deal ends in <time dateTime={price.endsAt}>{countdown(price.endsAt, now)}</time>
                </p>
              )}
              {deal && price.remainingAtPrice !== null && price.available > 0 && (
                <p class="left">{price.remainingAtPrice} left at this price</p>
              )}
              {inCart > 0 && <p class="in-cart">In your cart: {inCart}</p>}
              {price && price.available === 0 ? (
                <p class="sold-out-label">Sold out</p>
              ) : (
                <button
                  type="button"
                  disabled={!price || soldOut}
                  onClick={() => p.onAdd(item.sku)}
                  aria-label={`Add ${item.name} to cart`}
                >
                  {soldOut ? 'No more in stock' : 'Add to cart'}
                </button>
              )}
            </article>
          </li>
        );
      })}
    </ul>
  );
}
