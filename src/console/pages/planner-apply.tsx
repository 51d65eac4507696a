import { useState } from 'preact/hooks';
import { ErrorNote, LiveStatus } from '../components/notes.tsx';
import { ApiError } from '../lib/api.ts';
import { useConsole } from '../lib/context.ts';
import { formatInstant } from '../lib/describe.ts';
import { useAction } from '../lib/hooks.ts';
import { formatBps } from '../lib/money.ts';
import type { PlanResult } from '../lib/planner.ts';
import { Link } from '../lib/router.tsx';
import type { Promotion } from '../lib/types.ts';

interface Breach {
  sku: string;
  floor: number;
  price: number;
}

/** Turns the plan into a deepening percent_off promotion (POST /v1/planner/markdown/apply) and links to it. */
export function PlanApply({ result }: { result: PlanResult }) {
  const { api, money } = useConsole();
  const [created, setCreated] = useState<Promotion | null>(null);
  const action = useAction();
  const { sku, steps } = result.plan;
  const marked = steps.filter((s) => s.percentBps > 0);

  /** A margin-floor refusal in words; anything else as the API put it. */
  const explain = (err: unknown): string | null => {
    if (!(err instanceof ApiError) || err.code !== 'margin_floor_breach') return null;
    const breaches = ((err.details as { breaches?: Breach[] } | undefined)?.breaches ?? []).map(
      (b) => `${b.sku} would sell at ${money(b.price)}, below its margin floor of ${money(b.floor)}`,
    );
    return (
      `Not applied: ${breaches.join('; ') || 'a price would fall below the margin floor'}. ` +
      'The product’s cost or floor may have changed since this plan was made; plan again.'
    );
  };

  const apply = () =>
    action.run(async () => {
      try {
        const body = { sku, steps: steps.map((s) => ({ at: s.at, percentBps: s.percentBps })) };
        setCreated(await api<Promotion>('POST', '/v1/planner/markdown/apply', body));
      } catch (err) {
        const words = explain(err);
        if (!words) throw err;
        action.setError(words);
      }
    });

  if (marked.length === 0) {
    return <p class="hint">Nothing to apply: the plan keeps the list price.</p>;
  }
  return (
    <div class="actions plan-apply">
      {!created && (
        <button type="button" onClick={apply} disabled={action.busy}>
          {action.busy ? 'Applying…' : 'Apply as promotion'}
        </button>
      )}
      <LiveStatus>
        {created && (
          <>
            Created “{created.name}”: {formatBps(created.percentBps ?? 0)} off from {formatInstant(created.startsAt)}
            {created.steps?.length
              ? `, deepening ${created.steps.length} time${created.steps.length === 1 ? '' : 's'}`
              : ''}
            . <Link href={`/promotions/${created.id}`}>Open the promotion</Link>
          </>
        )}
      </LiveStatus>
      <ErrorNote message={action.error} />
    </div>
  );
}
