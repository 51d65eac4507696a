import { useConsole } from '../lib/context.ts';
import { formatBps } from '../lib/money.ts';
import type { SellThrough } from '../lib/types.ts';
import { MiniChart } from './mini-chart.tsx';
import { DataTable } from './table.tsx';

/**
 * Sell-through of a promotion (GET /v1/reports/sell-through): units and revenue per day and the stock left at the end
 * of each day, drawn as inline SVG, then the per-SKU figures.
 */
export function SellThroughView({ report, onHandNow }: { report: SellThrough; onHandNow: number | null }) {
  const { money } = useConsole();
  const remaining = remainingByDay(report, onHandNow);
  const units = report.daily.map((d) => ({ label: d.day.slice(5), value: d.unitsSold }));
  const revenue = report.daily.map((d) => ({ label: d.day.slice(5), value: d.revenue }));
  const count = (v: number) => String(v);

  return (
    <section class="card" aria-labelledby="st-title">
      <h2 id="st-title">Sell-through</h2>
      <p class="hint">
        Days in {report.timezone}, {report.from.slice(0, 10)} to {report.to.slice(0, 10)}.
      </p>
      <div class="charts">
        <MiniChart title="Units sold per day" kind="bar" points={units} format={count} />
        <MiniChart title="Revenue per day" kind="bar" points={revenue} format={money} />
        <MiniChart title="Stock remaining" kind="line" points={remaining} format={count} />
      </div>
      <p class="hint">
        Stock remaining at the end of each day:{' '}
        {onHandNow === null
          ? 'stock at the start less units sold since.'
          : 'stock on hand now plus the units sold after that day.'}
      </p>
      <DataTable
        caption="By SKU"
        rows={report.items}
        rowKey={(i) => i.sku}
        empty="No SKUs in this promotion."
        columns={[
          { label: 'SKU', cell: (i) => i.sku },
          { label: 'Start stock', numeric: true, cell: (i) => i.startOnHand },
          { label: 'Sold', numeric: true, cell: (i) => i.unitsSold },
          { label: 'Sell-through', numeric: true, cell: (i) => formatBps(i.sellThroughBps) },
          { label: 'Revenue', numeric: true, cell: (i) => money(i.revenue) },
          { label: 'Discount', numeric: true, cell: (i) => money(i.discountGiven) },
          { label: 'Gross margin', numeric: true, cell: (i) => money(i.grossMargin) },
        ]}
      />
    </section>
  );
}

/**
 * Units left at the end of each day. With today's stock known, it counts back from it (exact at the last point);
 * otherwise it counts forward from the stock at the start. Receipts during the run are not in the daily series.
 */
function remainingByDay(report: SellThrough, onHandNow: number | null) {
  const label = (day: string) => day.slice(5);
  if (onHandNow !== null) {
    let after = 0;
    const out = [];
    for (let i = report.daily.length - 1; i >= 0; i--) {
      out.unshift({ label: label(report.daily[i]!.day), value: onHandNow + after });
      after += report.daily[i]!.unitsSold;
    }
    return out;
  }
  const start = report.items.reduce((s, i) => s + i.startOnHand, 0);
  let sold = 0;
  return report.daily.map((d) => {
    sold += d.unitsSold;
    return { label: label(d.day), value: Math.max(0, start - sold) };
  });
}
