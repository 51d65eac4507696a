import { useState } from 'preact/hooks';
import { Checkbox, Field, Select } from '../components/field.tsx';
import { ErrorNote } from '../components/notes.tsx';
import { parsePercent } from '../lib/money.ts';
import { DAY_MS, type DemandModel, type PlanRequest } from '../lib/planner.ts';
import type { Product } from '../lib/types.ts';

const DEFAULT_DAYS = 28;
const MAX_DAYS = 366;

/** `YYYY-MM-DD` of a local date, for `<input type="date">`. */
function isoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Whole days from today to a `YYYY-MM-DD` date (local calendar days, so DST shifts do not matter). */
function daysUntil(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const now = new Date();
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const then = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Math.round((then.getTime() - today.getTime()) / DAY_MS);
}

const num = (s: string) => (/^\s*-?\d+(?:[.,]\d+)?\s*$/.test(s) ? Number(s.replace(',', '.')) : Number.NaN);

export interface PlannerFormProps {
  products: Product[];
  sku: string;
  onSku(sku: string): void;
  /** Show the explicit demand fields (after a 422 insufficient_history, or when the merchant asks). */
  explicit: boolean;
  onExplicit(on: boolean): void;
  /** Why the last request needs an explicit demand model (the 422 insufficient_history message), shown above it. */
  notice: string | null;
  busy: boolean;
  onPlan(request: PlanRequest): void;
}

/** What to plan: the SKU, the sell-by date, the price step and, optionally, the demand model. */
export function PlannerForm(p: PlannerFormProps) {
  const [deadline, setDeadline] = useState(() => isoDate(new Date(Date.now() + DEFAULT_DAYS * DAY_MS)));
  const [step, setStep] = useState('5');
  const [rate, setRate] = useState('');
  const [elasticity, setElasticity] = useState('2');
  const [decay, setDecay] = useState('0');
  const [tried, setTried] = useState(false);
  /** Demand fields show their errors only after a submit that used them, not the moment they open. */
  const [triedDemand, setTriedDemand] = useState(false);

  const days = daysUntil(deadline);
  const stepBps = parsePercent(step);
  const demand: DemandModel = {
    ratePerPeriod: num(rate),
    elasticity: num(elasticity),
    decayPerPeriod: num(decay) / 100,
  };
  const errors = {
    sku: p.sku ? null : 'Choose a product to plan.',
    deadline:
      days === null || days < 1 || days > MAX_DAYS ? `Choose a date from tomorrow to ${MAX_DAYS} days ahead.` : null,
    step: stepBps === null || stepBps < 100 || stepBps > 5000 ? 'Enter a step from 1 to 50 %.' : null,
    rate: !(demand.ratePerPeriod > 0 && demand.ratePerPeriod <= 1e6) ? 'Enter the units sold a day, above 0.' : null,
    elasticity: !(demand.elasticity >= 0 && demand.elasticity <= 20) ? 'Enter a number from 0 to 20.' : null,
    decay: !(demand.decayPerPeriod >= -0.5 && demand.decayPerPeriod < 1) ? 'Enter a percentage from −50 to 99.' : null,
  };
  const used = p.explicit ? errors : { ...errors, rate: null, elasticity: null, decay: null };
  const show = (k: keyof typeof errors) =>
    tried && (triedDemand || !['rate', 'elasticity', 'decay'].includes(k)) ? used[k] : null;

  const submit = (e: Event) => {
    e.preventDefault();
    setTried(true);
    setTriedDemand(p.explicit);
    if (Object.values(used).some(Boolean) || days === null || stepBps === null) return;
    const start = Math.floor(Date.now() / 60_000) * 60_000;
    p.onPlan({
      skus: [p.sku],
      start: new Date(start).toISOString(),
      deadline: new Date(start + days * DAY_MS).toISOString(),
      priceStepBps: stepBps,
      ...(p.explicit && { demand }),
    });
  };

  const options = [
    ...(p.sku ? [] : [{ value: '', label: 'Choose a product…' }]),
    ...p.products.map((x) => ({ value: x.sku, label: `${x.sku} — ${x.name}` })),
  ];
  return (
    <form class="card planner-form" onSubmit={submit} noValidate aria-labelledby="plan-form-title">
      <h2 id="plan-form-title">What to plan</h2>
      <Select label="Product" value={p.sku} onValue={p.onSku} options={options} />
      <ErrorNote message={show('sku')} />
      <div class="row">
        <Field
          label="Sell by"
          type="date"
          value={deadline}
          onValue={setDeadline}
          error={show('deadline')}
          hint={days !== null && days > 0 ? `${days} days from today (default 4 weeks).` : 'Default: 4 weeks.'}
        />
        <Field
          label="Price step"
          inputMode="decimal"
          value={step}
          onValue={setStep}
          suffix="%"
          error={show('step')}
          hint="Every markdown is a multiple of this."
        />
      </div>
      <Checkbox label="Enter the demand model myself" checked={p.explicit} onChecked={p.onExplicit} />
      {p.notice && (
        <p role="alert" class="error-note insufficient">
          {p.notice}
        </p>
      )}
      {p.explicit && (
        <fieldset class="demand">
          <legend>Demand model</legend>
          <p class="hint">For a SKU with too little sales history. Per day, at the start of the plan.</p>
          <div class="row">
            <Field
              label="Sales per day at list price"
              inputMode="decimal"
              value={rate}
              onValue={setRate}
              error={show('rate')}
              hint="Units a day at full price."
            />
            <Field
              label="Price elasticity"
              inputMode="decimal"
              value={elasticity}
              onValue={setElasticity}
              error={show('elasticity')}
              hint="2: 10 % off sells about 23 % more."
            />
            <Field
              label="Demand decay per day"
              inputMode="decimal"
              value={decay}
              onValue={setDecay}
              suffix="%"
              error={show('decay')}
              hint="Interest lost each day, e.g. 3."
            />
          </div>
        </fieldset>
      )}
      <button type="submit" disabled={p.busy}>
        {p.busy ? 'Planning…' : 'Plan markdown'}
      </button>
    </form>
  );
}
