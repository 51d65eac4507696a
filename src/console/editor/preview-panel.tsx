import { LiveStatus } from '../components/notes.tsx';
import { DataTable } from '../components/table.tsx';
import { useConsole } from '../lib/context.ts';
import { formatBps } from '../lib/money.ts';
import type { Preview } from '../lib/types.ts';

export interface PreviewState {
  /** The request body it was computed for. */
  key: string;
  result?: Preview;
  error?: string;
}

/**
 * The margin preview (POST /v1/promotions/preview) for the form as it stands: per SKU its list price, floor, price
 * under the promotion and margin; rows below the floor are marked in words and colour.
 */
export function PreviewPanel(p: { state: PreviewState | null; pending: boolean; invalid: boolean; clamp: boolean }) {
  const { money } = useConsole();
  const result = p.state?.result;
  const breaches = new Set(result?.breaches.map((b) => b.sku));
  let summary: string;
  if (p.invalid) summary = 'The preview appears when the offer is complete.';
  else if (p.pending) summary = 'Checking margins…';
  else if (p.state?.error) summary = `The preview failed: ${p.state.error}`;
  else if (!result) summary = 'Checking margins…';
  else if (result.skus.length === 0) summary = 'No products match this promotion yet.';
  else if (breaches.size === 0)
    summary =
      result.skus.length === 1
        ? 'The SKU stays at or above its margin floor.'
        : `All ${result.skus.length} SKUs stay at or above their margin floors.`;
  else
    summary = `${breaches.size} of ${result.skus.length} SKUs would sell below their margin floor${
      p.clamp ? '; the discount will stop at the floor.' : '. Lower the discount or change the products to save.'
    }`;

  return (
    <section class="card preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Margin preview</h2>
      <LiveStatus class={breaches.size > 0 && !p.pending ? 'bad' : undefined}>{summary}</LiveStatus>
      {result && result.skus.length > 0 && (
        <div class={p.pending ? 'stale' : undefined}>
          <DataTable
            caption="Price and margin per SKU under this promotion"
            hiddenCaption
            rows={result.skus}
            rowKey={(s) => s.sku}
            rowClass={(s) => (breaches.has(s.sku) ? 'breach' : undefined)}
            columns={[
              {
                label: 'SKU',
                cell: (s) => (
                  <>
                    {s.sku}
                    {breaches.has(s.sku) && <span class="flag"> below floor</span>}
                  </>
                ),
              },
              { label: 'List', numeric: true, cell: (s) => money(s.listPrice) },
              { label: 'Floor', numeric: true, cell: (s) => money(s.floor) },
              { label: 'Promo price', numeric: true, cell: (s) => money(s.promoPrice) },
              { label: 'Margin', numeric: true, cell: (s) => formatBps(s.marginBps) },
            ]}
          />
        </div>
      )}
    </section>
  );
}
