import { useState } from 'preact/hooks';
import { Field } from '../components/field.tsx';
import { ErrorNote, LiveStatus } from '../components/notes.tsx';
import { DataTable, MoreButton } from '../components/table.tsx';
import { useConsole } from '../lib/context.ts';
import { useDebounced } from '../lib/hooks.ts';
import { formatBps } from '../lib/money.ts';
import { usePaged } from '../lib/paged.ts';
import { Link } from '../lib/router.tsx';
import type { List, Product } from '../lib/types.ts';

/** Catalog: every product with its prices, effective margin floor and stock. */
export function CatalogPage() {
  const { api, money, merchant } = useConsole();
  const [tag, setTag] = useState('');
  const settledTag = useDebounced(tag.trim(), 300);
  const list = usePaged(
    (cursor, signal) => {
      const q = new URLSearchParams({ limit: '50' });
      if (settledTag) q.set('tag', settledTag);
      if (cursor) q.set('cursor', cursor);
      return api<List<Product>>('GET', `/v1/products?${q}`, undefined, { signal });
    },
    [settledTag],
  );

  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>Catalog</h1>
        <Link class="button" href="/products/new">
          New product
        </Link>
      </div>
      <p class="lede">
        Floors are the lowest price any promotion may reach: the product's floor price or its cost plus the minimum
        margin (default {formatBps(merchant.defaultMinMarginBps)}), whichever is higher.
      </p>
      <div class="toolbar">
        <Field label="Filter by tag" value={tag} onValue={setTag} placeholder="e.g. winter" />
      </div>
      <ErrorNote message={list.error} />
      <DataTable
        caption={settledTag ? `Products tagged “${settledTag}”` : 'All products'}
        hiddenCaption
        rows={list.items}
        rowKey={(p) => p.sku}
        rowClass={(p) => (p.stock.available === 0 ? 'muted' : undefined)}
        empty={list.loading ? 'Loading…' : 'No products yet. Add one or import a CSV.'}
        columns={[
          { label: 'SKU', cell: (p) => <Link href={`/products/${encodeURIComponent(p.sku)}`}>{p.sku}</Link> },
          { label: 'Name', cell: (p) => p.name },
          { label: 'Tags', cell: (p) => p.tags.join(', ') || '—' },
          { label: 'List price', numeric: true, cell: (p) => money(p.listPrice) },
          { label: 'Cost', numeric: true, cell: (p) => money(p.unitCost) },
          { label: 'Floor', numeric: true, cell: (p) => money(p.floor) },
          { label: 'On hand', numeric: true, cell: (p) => p.stock.onHand },
          { label: 'Held', numeric: true, cell: (p) => p.stock.reserved },
          { label: 'Available', numeric: true, cell: (p) => p.stock.available },
        ]}
      />
      <MoreButton hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
      <LiveStatus>{list.loading ? 'Loading products…' : `${list.items.length} products shown.`}</LiveStatus>
    </>
  );
}
