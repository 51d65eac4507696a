import { useState } from 'preact/hooks';
import { ErrorNote } from '../components/notes.tsx';
import { useConsole } from '../lib/context.ts';
import { useLoad } from '../lib/hooks.ts';
import { Link, navigate } from '../lib/router.tsx';
import type { Product, Stock } from '../lib/types.ts';
import type { PageProps } from '../routes.tsx';
import { ProductForm } from './product-form.tsx';
import { StockPanel } from './stock-panel.tsx';

/** One product: its description and prices (PUT /v1/products/{sku}), and its stock ledger. */
export function ProductPage({ params }: PageProps) {
  const { api } = useConsole();
  const sku = params.sku ?? null;
  const [saved, setSaved] = useState<Product | null>(null);
  const loaded = useLoad<Product | null>(
    (signal) =>
      sku
        ? api<Product>('GET', `/v1/products/${encodeURIComponent(sku)}`, undefined, { signal })
        : Promise.resolve(null),
    [sku],
  );
  const product = saved?.sku === sku ? saved : loaded.data;
  const notFound = loaded.error && sku && !product;

  const onSaved = (p: Product) => {
    setSaved(p);
    if (!sku) navigate(`/products/${encodeURIComponent(p.sku)}`, { replace: true });
  };
  const onStock = (stock: Stock) => product && setSaved({ ...product, stock });

  return (
    <>
      <p class="crumbs">
        <Link href="/catalog">Catalog</Link> /
      </p>
      <div class="page-head">
        <h1 tabIndex={-1}>{sku ? `Product ${sku}` : 'New product'}</h1>
        {product && (
          <Link class="button secondary" href={`/planner?sku=${encodeURIComponent(product.sku)}`}>
            Plan a markdown
          </Link>
        )}
      </div>
      {notFound ? (
        <ErrorNote message={loaded.error} />
      ) : loaded.loading && sku && !product ? (
        <p role="status">Loading…</p>
      ) : (
        <div class="two-col">
          <ProductForm key={product?.sku ?? 'new'} product={product} onSaved={onSaved} />
          {product && <StockPanel product={product} onStock={onStock} />}
        </div>
      )}
    </>
  );
}
