import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorNote } from '../console/components/notes.tsx';
import { errorText, makeApi } from '../console/lib/api.ts';
import { useLoad } from '../console/lib/hooks.ts';
import { CartPanel } from './cart.tsx';
import { ProductGrid } from './grid.tsx';
import { customerId } from './session.ts';
import type { Cart, Catalog, PriceView } from './types.ts';

const REFRESH_MS = 30_000;

/** Product grid with live prices, and the cart beside it (below it on a phone). */
export function Shop(props: { storeKey: string; onBadKey(message: string): void }) {
  const { storeKey, onBadKey } = props;
  const api = useMemo(
    () =>
      makeApi(
        () => storeKey,
        () => onBadKey('That storefront key was not accepted.'),
      ),
    [storeKey, onBadKey],
  );
  const shopper = useMemo(customerId, []);
  const catalog = useLoad((signal) => api<Catalog>('GET', '/v1/catalog?limit=200', undefined, { signal }), [api]);
  const [prices, setPrices] = useState<Map<string, PriceView>>(new Map());
  const [priceError, setPriceError] = useState<string | null>(null);
  const [cart, setCart] = useState<Cart>({});
  const [currency, setCurrency] = useState<string | null>(null);
  const skus = catalog.data?.items.map((i) => i.sku).join(',') ?? '';

  const refresh = useCallback(async () => {
    if (!skus) return null;
    try {
      const q = new URLSearchParams({ skus, customerId: shopper });
      const { items } = await api<{ items: PriceView[] }>('GET', `/v1/prices?${q}`);
      const map = new Map(items.map((p) => [p.sku, p]));
      setPrices(map);
      setPriceError(null);
      return map;
    } catch (err) {
      setPriceError(errorText(err));
      return null;
    }
  }, [api, skus, shopper]);

  useEffect(() => {
    void refresh();
    const t = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(t);
  }, [refresh]);

  const names = useMemo(() => new Map(catalog.data?.items.map((i) => [i.sku, i.name])), [catalog.data]);
  const money = currency ?? catalog.data?.currency ?? null;
  const setQty = (sku: string, qty: number) =>
    setCart((c) => {
      const next = { ...c };
      if (qty > 0) next[sku] = qty;
      else delete next[sku];
      return next;
    });
  const forbidden = catalog.error && !catalog.data;

  return (
    <>
      <header class="shop-top">
        <strong>Demo clearance shop</strong>
        <span class="hint">Honest prices: every discount explained, nothing owed after the sale.</span>
        <a class="cart-link" href="#cart-title">
          Cart ({Object.values(cart).reduce((n, q) => n + q, 0)})
        </a>
      </header>
      <main class="shop">
        <section aria-labelledby="grid-title" class="shop-grid">
          <h1 id="grid-title">Clearance</h1>
          <ErrorNote message={forbidden ? catalog.error : priceError} />
          {catalog.loading && !catalog.data && <p role="status">Loading products…</p>}
          {catalog.data && money && (
            <ProductGrid
              items={catalog.data.items}
              prices={prices}
              currency={money}
              cart={cart}
              onAdd={(sku) => setQty(sku, (cart[sku] ?? 0) + 1)}
              onEnded={refresh}
            />
          )}
        </section>
        <CartPanel
          api={api}
          cart={cart}
          names={names}
          prices={prices}
          shopper={shopper}
          currency={money}
          onCurrency={setCurrency}
          setQty={setQty}
          clear={() => setCart({})}
          refreshPrices={refresh}
        />
      </main>
    </>
  );
}
