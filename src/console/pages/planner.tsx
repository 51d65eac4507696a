import { useState } from 'preact/hooks';
import { ErrorNote, LiveStatus } from '../components/notes.tsx';
import { PlanCharts } from '../components/plan-charts.tsx';
import { PlanOutcome } from '../components/plan-outcome.tsx';
import { PlanSteps } from '../components/plan-steps.tsx';
import { ApiError } from '../lib/api.ts';
import { useConsole } from '../lib/context.ts';
import { useAction, useLoad } from '../lib/hooks.ts';
import { formatBps } from '../lib/money.ts';
import { formatUnits, type Plan, type PlanRequest, type PlanResult } from '../lib/planner.ts';
import { Link, navigate } from '../lib/router.tsx';
import type { List, Product } from '../lib/types.ts';
import type { PageProps } from '../routes.tsx';
import { PlanApply } from './planner-apply.tsx';
import { PlannerForm } from './planner-form.tsx';

/** Products offered in the picker; a SKU beyond them comes from a product page's "Plan a markdown" link. */
const PICKER_LIMIT = 500;

/**
 * Clearance planner (POST /v1/planner/markdown): a markdown schedule for one SKU up to a sell-by date, its price path
 * and expected stock as charts, its steps and expected outcome, and applying it as a promotion.
 */
export function PlannerPage({ query }: PageProps) {
  const { api, money } = useConsole();
  const [sku, setSku] = useState(query.get('sku') ?? '');
  const [explicit, setExplicit] = useState(false);
  const [result, setResult] = useState<PlanResult | null>(null);
  const [insufficient, setInsufficient] = useState<string | null>(null);
  const action = useAction();
  const catalog = useLoad(
    (signal) => api<List<Product>>('GET', `/v1/products?limit=${PICKER_LIMIT}`, undefined, { signal }),
    [],
  );
  const product = useLoad<Product | null>(
    (signal) =>
      sku
        ? api<Product>('GET', `/v1/products/${encodeURIComponent(sku)}`, undefined, { signal })
        : Promise.resolve(null),
    [sku],
  );
  const listed = catalog.data?.items ?? [];
  const products =
    product.data && !listed.some((p) => p.sku === product.data!.sku) ? [product.data, ...listed] : listed;

  const chooseSku = (next: string) => {
    setSku(next);
    setResult(null);
    setInsufficient(null);
    action.setError(null);
    navigate(next ? `/planner?sku=${encodeURIComponent(next)}` : '/planner', { replace: true });
  };

  const plan = (request: PlanRequest) =>
    action.run(async () => {
      setInsufficient(null);
      try {
        const { plans } = await api<{ plans: Plan[] }>('POST', '/v1/planner/markdown', request);
        // The plan is made from the product as it is now; fetch it again so cost, floor and stock match.
        const now = await api<Product>('GET', `/v1/products/${encodeURIComponent(request.skus[0]!)}`);
        setResult({ request, product: now, plan: plans[0]! });
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 'insufficient_history')) throw err;
        setResult(null);
        setExplicit(true);
        setInsufficient(
          `Not enough sales history to estimate this product's demand (${err.message}). ` +
            'Enter a demand model — sales per day at list price, price elasticity and daily decay — and plan again.',
        );
      }
    });

  const p = product.data;
  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>Markdown planner</h1>
        {p && <Link href={`/products/${encodeURIComponent(p.sku)}`}>Product {p.sku}</Link>}
      </div>
      <p class="lede">
        Plans step-down prices that clear a product's stock by a date while keeping as much revenue as possible. Prices
        never go back up and never below the product's margin floor.
      </p>
      <ErrorNote message={catalog.error ?? (sku ? product.error : null)} />
      {p && (
        <p class="hint">
          {p.name}: list {money(p.listPrice)}, cost {money(p.unitCost)}, floor {money(p.floor)}, {p.stock.available}{' '}
          available to clear.
        </p>
      )}
      {catalog.data?.nextCursor && (
        <p class="hint">
          The picker lists the first {PICKER_LIMIT} products; for another, use “Plan a markdown” on its product page.
        </p>
      )}
      <PlannerForm
        products={products}
        sku={sku}
        onSku={chooseSku}
        explicit={explicit}
        onExplicit={setExplicit}
        notice={insufficient}
        busy={action.busy}
        onPlan={plan}
      />
      <ErrorNote message={action.error} />
      <LiveStatus>{action.busy ? 'Planning…' : result ? summary(result, money) : null}</LiveStatus>
      {result && (
        <section class="card plan" aria-labelledby="plan-title">
          <h2 id="plan-title">Plan for {result.plan.sku}</h2>
          <PlanCharts result={result} />
          <PlanSteps result={result} />
          <h3>Expected outcome</h3>
          <PlanOutcome result={result} />
          <PlanApply key={JSON.stringify(result.plan.steps)} result={result} />
        </section>
      )}
    </>
  );
}

function summary(r: PlanResult, money: (minor: number) => string): string {
  const { steps, expected } = r.plan;
  const deepest = steps.reduce((m, s) => Math.max(m, s.percentBps), 0);
  const path =
    steps.length === 0
      ? 'keeps the list price'
      : `${steps.length} price step${steps.length === 1 ? '' : 's'}, down to ${formatBps(deepest)} off`;
  return (
    `Plan for ${r.plan.sku}: ${path}; expected ${formatUnits(expected.unitsSold)} units sold, ` +
    `${formatUnits(expected.leftover)} left, revenue ${money(expected.revenue)}.`
  );
}
