import { useConsole } from '../lib/context.ts';
import { formatUnits, type PlanResult } from '../lib/planner.ts';

/** The plan's expected outcome (exact expectations) with the 10–90 % band where the planner gives one. */
export function PlanOutcome({ result }: { result: PlanResult }) {
  const { money } = useConsole();
  const { expected, demand } = result.plan;
  const [u10, u90] = expected.band.unitsSold;
  const [r10, r90] = expected.band.revenue;
  const stock = Math.max(0, result.product.stock.available);
  const band = (lo: string, hi: string) => <small class="band">10–90 %: {lo === hi ? lo : `${lo} – ${hi}`}</small>;
  return (
    <>
      <dl class="stats outcome-stats">
        <div>
          <dt>Units sold</dt>
          <dd>
            {formatUnits(expected.unitsSold)} <span class="of">of {stock}</span>
            {u10 !== undefined && u90 !== undefined && band(formatUnits(u10), formatUnits(u90))}
          </dd>
        </div>
        <div>
          <dt>Left at the deadline</dt>
          <dd>{formatUnits(expected.leftover)}</dd>
        </div>
        <div>
          <dt>Revenue</dt>
          <dd>
            {money(expected.revenue)}
            {r10 !== undefined && r90 !== undefined && band(money(Math.round(r10)), money(Math.round(r90)))}
          </dd>
        </div>
        <div>
          <dt>Gross margin</dt>
          <dd>{money(expected.grossMargin)}</dd>
        </div>
      </dl>
      <p class="hint">
        Demand model ({demand.source === 'given' ? 'as entered' : 'estimated from this SKU’s orders'}):{' '}
        {formatUnits(demand.ratePerPeriod)} a day at list price, elasticity {Math.round(demand.elasticity * 100) / 100},
        decay {Math.round(demand.decayPerPeriod * 1000) / 10} % a day. The band is the 10th to 90th percentile of
        outcomes under random demand.
      </p>
    </>
  );
}
