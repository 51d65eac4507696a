import { ErrorNote } from '../components/notes.tsx';
import { DataTable, MoreButton } from '../components/table.tsx';
import { useConsole } from '../lib/context.ts';
import { formatInstant } from '../lib/describe.ts';
import { usePaged } from '../lib/paged.ts';
import type { Delivery, List } from '../lib/types.ts';

/** The delivery log of one webhook: each event, its attempts and the last response. */
export function Deliveries({ webhookId, url }: { webhookId: string; url: string }) {
  const { api } = useConsole();
  const list = usePaged(
    (cursor, signal) =>
      api<List<Delivery>>(
        'GET',
        `/v1/webhooks/${webhookId}/deliveries?limit=50${cursor ? `&cursor=${cursor}` : ''}`,
        undefined,
        { signal },
      ),
    [webhookId],
  );
  return (
    <section class="card" aria-labelledby="deliveries-title">
      <div class="page-head">
        <h2 id="deliveries-title">
          Deliveries to <span class="break">{url}</span>
        </h2>
        <button type="button" class="secondary small" onClick={list.reload}>
          Refresh
        </button>
      </div>
      <ErrorNote message={list.error} />
      <DataTable
        caption="Delivery log"
        hiddenCaption
        rows={list.items}
        rowKey={(d) => d.eventId}
        empty={list.loading ? 'Loading…' : 'No deliveries yet. Events are delivered by the job worker.'}
        columns={[
          { label: 'Event', cell: (d) => d.eventType },
          { label: 'Status', cell: (d) => <span class={`badge badge-${d.status}`}>{d.status}</span> },
          { label: 'Attempts', numeric: true, cell: (d) => d.attempts },
          { label: 'Last response', cell: (d) => d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '—') },
          { label: 'Created', cell: (d) => formatInstant(d.createdAt) },
          { label: 'Delivered', cell: (d) => formatInstant(d.deliveredAt) },
        ]}
      />
      <MoreButton hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
    </section>
  );
}
