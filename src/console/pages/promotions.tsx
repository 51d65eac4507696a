import { ErrorNote, LiveStatus, StatusBadge } from '../components/notes.tsx';
import { DataTable, MoreButton } from '../components/table.tsx';
import { useConsole } from '../lib/context.ts';
import { describeOffer, describeWindow, KIND_LABELS } from '../lib/describe.ts';
import { usePaged } from '../lib/paged.ts';
import { Link } from '../lib/router.tsx';
import { type List, type Promotion, STATUSES, type Status } from '../lib/types.ts';
import type { PageProps } from '../routes.tsx';

const FILTERS: { status: Status | null; label: string }[] = [
  { status: null, label: 'All' },
  ...STATUSES.map((s) => ({ status: s, label: s[0]!.toUpperCase() + s.slice(1) })),
];

/** Promotions, filtered by derived status (scheduled, active, paused, ended). */
export function PromotionsPage({ query }: PageProps) {
  const { api, money } = useConsole();
  const raw = query.get('status');
  const status = (STATUSES as readonly string[]).includes(raw ?? '') ? (raw as Status) : null;
  const list = usePaged(
    (cursor, signal) => {
      const q = new URLSearchParams({ limit: '50' });
      if (status) q.set('status', status);
      if (cursor) q.set('cursor', cursor);
      return api<List<Promotion>>('GET', `/v1/promotions?${q}`, undefined, { signal });
    },
    [status],
  );

  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>Promotions</h1>
        <Link class="button" href="/promotions/new">
          New promotion
        </Link>
      </div>
      <nav aria-label="Filter by status" class="tabs">
        {FILTERS.map((f) => (
          <Link
            key={f.label}
            href={f.status ? `/promotions?status=${f.status}` : '/promotions'}
            aria-current={f.status === status ? 'page' : undefined}
          >
            {f.label}
          </Link>
        ))}
      </nav>
      <ErrorNote message={list.error} />
      <DataTable
        caption={status ? `${status} promotions` : 'All promotions'}
        hiddenCaption
        rows={list.items}
        rowKey={(p) => p.id}
        empty={list.loading ? 'Loading…' : 'No promotions here.'}
        columns={[
          { label: 'Name', cell: (p) => <Link href={`/promotions/${p.id}`}>{p.name}</Link> },
          { label: 'Status', cell: (p) => <StatusBadge status={p.status} /> },
          { label: 'Kind', cell: (p) => KIND_LABELS[p.kind] },
          { label: 'Offer', cell: (p) => describeOffer(p, money) },
          { label: 'When', cell: (p) => describeWindow(p) },
          { label: 'Sold', numeric: true, cell: (p) => p.counters.unitsSold },
          { label: 'Cap left', numeric: true, cell: (p) => p.counters.remainingCap ?? '—' },
        ]}
      />
      <MoreButton hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
      <LiveStatus>{list.loading ? 'Loading promotions…' : `${list.items.length} promotions shown.`}</LiveStatus>
    </>
  );
}
