import { useId } from 'preact/hooks';
import { Field } from '../components/field.tsx';
import type { PartProps } from './kind-fields.tsx';

/** Bounds on the promotion's cost: a stock cap, a per-customer limit, priority, and what to do at the floor. */
export function LimitsFields({ draft: d, set, errors: e }: PartProps) {
  const id = useId();
  return (
    <fieldset>
      <legend>Limits</legend>
      <div class="row">
        <Field
          label="Stock cap"
          inputMode="numeric"
          value={d.stockCap}
          onValue={(stockCap) => set({ stockCap })}
          error={e.stockCap}
          hint="Units that may sell at this price; empty: no cap."
        />
        <Field
          label="Per-customer limit"
          inputMode="numeric"
          value={d.perCustomerLimit}
          onValue={(perCustomerLimit) => set({ perCustomerLimit })}
          error={e.perCustomerLimit}
          hint="Units per shopper; empty: no limit."
        />
        <Field
          label="Priority"
          inputMode="numeric"
          value={d.priority}
          onValue={(priority) => set({ priority })}
          error={e.priority}
          hint="Wins ties with other promotions when higher."
        />
      </div>
      <fieldset class="radios">
        <legend>If a price would fall below a margin floor</legend>
        <div class="check">
          <input
            id={`${id}-reject`}
            type="radio"
            name={`${id}-breach`}
            checked={d.onFloorBreach === 'reject'}
            onChange={() => set({ onFloorBreach: 'reject' })}
          />
          <label for={`${id}-reject`}>Refuse to save the promotion</label>
        </div>
        <div class="check">
          <input
            id={`${id}-clamp`}
            type="radio"
            name={`${id}-breach`}
            checked={d.onFloorBreach === 'clamp'}
            onChange={() => set({ onFloorBreach: 'clamp' })}
          />
          <label for={`${id}-clamp`}>Save it, and stop the discount at the floor</label>
        </div>
      </fieldset>
    </fieldset>
  );
}
