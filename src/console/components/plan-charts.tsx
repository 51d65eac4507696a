import { useConsole } from '../lib/context.ts';
import { expectedStock, formatUnits, type PlanResult, pricePath } from '../lib/planner.ts';
import { PlanChart } from './plan-chart.tsx';

const shortDate = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const date = (ms: number) => shortDate.format(new Date(ms));

/** The planned price path (a step line between list price and floor) and the expected units left per day. */
export function PlanCharts({ result }: { result: PlanResult }) {
  const { money } = useConsole();
  const { listPrice, floor } = result.product;
  const prices = pricePath(result);
  const stock = expectedStock(result);
  const lowest = Math.min(...prices.map((p) => p.value));
  const start = stock[0]?.value ?? 0;
  const end = stock[stock.length - 1]?.value ?? 0;
  const soldOut = stock.find((p) => p.value < 0.5);
  const priceSummary =
    result.plan.steps.length === 0
      ? `Price path: list price ${money(listPrice)} throughout; floor ${money(floor)}.`
      : `Price path: from ${money(prices[0]!.value)} down to ${money(lowest)} in ${result.plan.steps.length} steps; ` +
        `list ${money(listPrice)}, floor ${money(floor)}.`;
  const stockSummary =
    `Expected stock: ${start} units at the start, ${formatUnits(end)} left at the deadline` +
    (soldOut ? `; below one unit from ${date(soldOut.at)}.` : '.');
  return (
    <div class="charts plan-charts">
      <PlanChart
        title="Planned price"
        summary={priceSummary}
        points={prices}
        kind="step"
        max={listPrice * 1.1}
        refs={[
          { label: 'List', value: listPrice, kind: 'ref-list' },
          { label: 'Floor', value: floor, kind: 'ref-floor' },
        ]}
        date={date}
        format={money}
      />
      <PlanChart
        title="Expected units left"
        summary={stockSummary}
        points={stock}
        kind="line"
        max={Math.max(1, start) * 1.1}
        date={date}
        format={formatUnits}
      />
    </div>
  );
}
