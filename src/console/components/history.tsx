import { useConsole } from '../lib/context.ts';
import { formatInstant } from '../lib/describe.ts';
import { usePaged } from '../lib/paged.ts';
import type { HistoryEntry, List } from '../lib/types.ts';
import { ErrorNote } from './notes.tsx';
import { MoreButton } from './table.tsx';

const short = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s === undefined ? '—' : s.length > 80 ? `${s.slice(0, 77)}…` : s;
};

function describe(change: Record<string, unknown>): string {
  const action = String(change.action ?? 'change');
  if (action === 'create') return 'Created';
  if (action === 'update') {
    const changes = (change.changes ?? {}) as Record<string, { from: unknown; to: unknown }>;
    const parts = Object.entries(changes).map(([k, c]) => `${k}: ${short(c.from)} → ${short(c.to)}`);
    return parts.length > 0 ? `Changed ${parts.join('; ')}` : 'Saved without changes';
  }
  return action[0]!.toUpperCase() + action.slice(1).replace(/_/g, ' ');
}

/** The audit trail of one promotion (GET /v1/promotions/{id}/history), oldest first. */
export function History({ promotionId, version }: { promotionId: string; version: string }) {
  const { api } = useConsole();
  const list = usePaged(
    (cursor, signal) =>
      api<List<HistoryEntry>>(
        'GET',
        `/v1/promotions/${promotionId}/history?limit=50${cursor ? `&cursor=${cursor}` : ''}`,
        undefined,
        { signal },
      ),
    [promotionId, version],
  );
  return (
    <section class="card" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <ErrorNote message={list.error} />
      <ol class="history">
        {list.items.map((h, i) => (
          <li key={i}>
            <time dateTime={h.at}>{formatInstant(h.at)}</time> <span>{describe(h.change)}</span>{' '}
            <span class="hint">{h.keyId ? `key ${h.keyId}` : 'system'}</span>
          </li>
        ))}
      </ol>
      <MoreButton hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
    </section>
  );
}
