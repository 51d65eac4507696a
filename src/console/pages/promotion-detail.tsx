import { useState } from 'preact/hooks';
import { History } from '../components/history.tsx';
import { ErrorNote, LiveStatus, StatusBadge } from '../components/notes.tsx';
import { SellThroughView } from '../components/sell-through.tsx';
import { useConsole } from '../lib/context.ts';
import { describeOffer, describeWindow, KIND_LABELS } from '../lib/describe.ts';
import { useAction, useLoad } from '../lib/hooks.ts';
import { Link } from '../lib/router.tsx';
import type { Product, Promotion, SellThrough } from '../lib/types.ts';
import type { PageProps } from '../routes.tsx';

type Action = 'pause' | 'resume' | 'end';
const MAX_STOCK_LOOKUPS = 50;

/** One promotion: what it offers, its counters, sell-through chart, lifecycle buttons and history. */
export function PromotionDetailPage({ params }: PageProps) {
  const { api, money } = useConsole();
  const id = params.id!;
  const [updated, setUpdated] = useState<Promotion | null>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const action = useAction();
  const loaded = useLoad((signal) => api<Promotion>('GET', `/v1/promotions/${id}`, undefined, { signal }), [id]);
  const p = updated?.id === id ? updated : loaded.data;
  const version = p?.updatedAt ?? '';
  const report = useLoad(
    async (signal) => {
      const r = await api<SellThrough>('GET', `/v1/reports/sell-through?promotionId=${id}`, undefined, { signal });
      return {
        report: r,
        onHandNow: await stockNow(
          r.items.map((i) => i.sku),
          signal,
        ),
      };
    },
    [id, version],
  );
  /** Today's stock of the promotion's SKUs (for the remaining-stock line); skipped for very wide promotions. */
  const stockNow = async (skus: string[], signal: AbortSignal) => {
    if (skus.length > MAX_STOCK_LOOKUPS) return null;
    const products = await Promise.all(
      skus.map((sku) => api<Product>('GET', `/v1/products/${encodeURIComponent(sku)}`, undefined, { signal })),
    );
    return products.reduce((sum, p) => sum + p.stock.onHand, 0);
  };

  const act = (what: Action) =>
    action.run(async () => {
      const next = await api<Promotion>('POST', `/v1/promotions/${id}/${what}`);
      setUpdated(next);
      setConfirmEnd(false);
      setStatus(`The promotion is now ${next.status}.`);
    });

  if (!p) {
    return (
      <>
        <h1 tabIndex={-1}>Promotion</h1>
        {loaded.error ? <ErrorNote message={loaded.error} /> : <p role="status">Loading…</p>}
      </>
    );
  }
  const c = p.counters;
  return (
    <>
      <p class="crumbs">
        <Link href="/promotions">Promotions</Link> /
      </p>
      <div class="page-head">
        <h1 tabIndex={-1}>
          {p.name} <StatusBadge status={p.status} />
        </h1>
        <div class="buttons">
          {p.status !== 'ended' && (
            <Link class="button secondary" href={`/promotions/${id}/edit`}>
              Edit
            </Link>
          )}
          {(p.status === 'active' || p.status === 'scheduled') && (
            <button type="button" class="secondary" disabled={action.busy} onClick={() => act('pause')}>
              Pause
            </button>
          )}
          {p.status === 'paused' && (
            <button type="button" disabled={action.busy} onClick={() => act('resume')}>
              Resume
            </button>
          )}
          {p.status !== 'ended' && !confirmEnd && (
            <button type="button" class="danger" onClick={() => setConfirmEnd(true)}>
              End…
            </button>
          )}
          {confirmEnd && (
            <>
              <button type="button" class="danger" disabled={action.busy} onClick={() => act('end')}>
                Confirm: end now
              </button>
              <button type="button" class="secondary" onClick={() => setConfirmEnd(false)}>
                Keep running
              </button>
            </>
          )}
        </div>
      </div>
      <LiveStatus>{confirmEnd ? 'Ending is final: the promotion cannot be resumed.' : status}</LiveStatus>
      <ErrorNote message={action.error} />
      <section class="card" aria-labelledby="offer-title">
        <h2 id="offer-title">{KIND_LABELS[p.kind]}</h2>
        <p>{describeOffer(p, money)}</p>
        <p class="hint">{describeWindow(p)}</p>
        <dl class="stats">
          <div>
            <dt>Units sold</dt>
            <dd>{c.unitsSold}</dd>
          </div>
          <div>
            <dt>Units held</dt>
            <dd>{c.unitsReserved}</dd>
          </div>
          <div>
            <dt>Revenue</dt>
            <dd>{money(c.revenue)}</dd>
          </div>
          <div>
            <dt>Discount given</dt>
            <dd>{money(c.discountGiven)}</dd>
          </div>
          <div>
            <dt>Cap left</dt>
            <dd>{c.remainingCap ?? 'no cap'}</dd>
          </div>
          <div>
            <dt>Per customer</dt>
            <dd>{p.perCustomerLimit ?? 'no limit'}</dd>
          </div>
        </dl>
      </section>
      {report.data ? (
        <SellThroughView report={report.data.report} onHandNow={report.data.onHandNow} />
      ) : (
        <section class="card">
          <h2>Sell-through</h2>
          {report.error ? <ErrorNote message={report.error} /> : <p role="status">Loading the report…</p>}
        </section>
      )}
      <History promotionId={id} version={version} />
    </>
  );
}
