import { useState } from 'preact/hooks';
import { Field, Select } from '../components/field.tsx';
import { ErrorNote, LiveStatus } from '../components/notes.tsx';
import { DataTable, MoreButton } from '../components/table.tsx';
import { useConsole } from '../lib/context.ts';
import { useAction } from '../lib/hooks.ts';
import { usePaged } from '../lib/paged.ts';
import type { List, Movement, Product, Stock } from '../lib/types.ts';

const REASONS = [
  { value: 'receipt', label: 'Receipt (goods in)' },
  { value: 'adjustment', label: 'Adjustment (count)' },
  { value: 'damage', label: 'Damage (write-off)' },
  { value: 'return', label: 'Return' },
] as const;

/** Stock of one product and its append-only movement ledger. */
export function StockPanel(props: { product: Product; onStock(s: Stock): void }) {
  const { api } = useConsole();
  const { sku, stock } = props.product;
  const path = `/v1/products/${encodeURIComponent(sku)}/stock-movements`;
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState('receipt');
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const action = useAction();
  const moves = usePaged(
    (cursor, signal) =>
      api<List<Movement>>('GET', `${path}?limit=20${cursor ? `&cursor=${cursor}` : ''}`, undefined, { signal }),
    [sku],
  );
  const n = /^\s*[+-]?\d+\s*$/.test(delta) ? Number(delta) : Number.NaN;
  const deltaError =
    delta.trim() !== '' && (!Number.isSafeInteger(n) || n === 0)
      ? 'A whole number, not 0; negative takes stock out.'
      : null;

  const submit = (e: Event) => {
    e.preventDefault();
    setStatus(null);
    if (!Number.isSafeInteger(n) || n === 0) {
      action.setError('Enter how many units come in (positive) or go out (negative).');
      return;
    }
    void action.run(async () => {
      const s = await api<Stock>('POST', path, { delta: n, reason, ...(note.trim() && { note: note.trim() }) });
      props.onStock(s);
      setDelta('');
      setNote('');
      setStatus(`Recorded. On hand ${s.onHand}, available ${s.available}.`);
      moves.reload();
    });
  };

  return (
    <section class="card" aria-labelledby="stock-title">
      <h2 id="stock-title">Stock</h2>
      <dl class="stats">
        <div>
          <dt>On hand</dt>
          <dd>{stock.onHand}</dd>
        </div>
        <div>
          <dt>Held at checkout</dt>
          <dd>{stock.reserved}</dd>
        </div>
        <div>
          <dt>Available</dt>
          <dd>{stock.available}</dd>
        </div>
      </dl>
      <form onSubmit={submit} noValidate aria-label="Record a stock movement">
        <div class="row">
          <Field label="Units (+ in, − out)" inputMode="numeric" value={delta} onValue={setDelta} error={deltaError} />
          <Select label="Reason" value={reason} onValue={setReason} options={REASONS} />
        </div>
        <Field label="Note" value={note} onValue={setNote} maxLength={500} />
        <button type="submit" disabled={action.busy}>
          {action.busy ? 'Recording…' : 'Record movement'}
        </button>
        <LiveStatus>{status}</LiveStatus>
        <ErrorNote message={action.error} />
      </form>
      <ErrorNote message={moves.error} />
      <DataTable
        caption="Stock movements"
        rows={moves.items}
        rowKey={(m) => m.id}
        empty={moves.loading ? 'Loading…' : 'No movements yet.'}
        columns={[
          { label: 'When', cell: (m) => new Date(m.at).toLocaleString() },
          { label: 'Units', numeric: true, cell: (m) => (m.delta > 0 ? `+${m.delta}` : String(m.delta)) },
          { label: 'Reason', cell: (m) => m.reason },
          { label: 'Note', cell: (m) => m.note ?? (m.ref ? `ref ${m.ref}` : '—') },
        ]}
      />
      <MoreButton hasMore={moves.hasMore} loading={moves.loading} onMore={moves.loadMore} />
    </section>
  );
}
