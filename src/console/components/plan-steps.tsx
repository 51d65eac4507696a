import { useConsole } from '../lib/context.ts';
import { formatInstant } from '../lib/describe.ts';
import { formatBps } from '../lib/money.ts';
import { DAY_MS, marginBps, type PlanResult, type PlanStep } from '../lib/planner.ts';
import { DataTable } from './table.tsx';

/** The plan's price changes: when, how much off, the price and the margin left at that price (unit cost). */
export function PlanSteps({ result }: { result: PlanResult }) {
  const { money } = useConsole();
  const { unitCost } = result.product;
  const start = Date.parse(result.request.start);
  const day = (s: PlanStep) => Math.round((Date.parse(s.at) - start) / DAY_MS);
  return (
    <DataTable
      caption="Price steps"
      rows={result.plan.steps}
      rowKey={(s) => s.at}
      empty="No steps: the plan keeps the list price."
      columns={[
        { label: 'Date', cell: (s) => <time dateTime={s.at}>{formatInstant(s.at)}</time> },
        { label: 'Day', numeric: true, cell: (s) => day(s) },
        { label: 'Off list', numeric: true, cell: (s) => formatBps(s.percentBps) },
        { label: 'Price', numeric: true, cell: (s) => money(s.price) },
        {
          label: 'Margin',
          numeric: true,
          cell: (s) => `${money(s.price - unitCost)} (${formatBps(marginBps(s.price, unitCost))})`,
        },
      ]}
    />
  );
}
