import { Field } from '../components/field.tsx';
import { useConsole } from '../lib/context.ts';
import type { Draft, Errors } from './draft.ts';
import { Rows } from './rows.tsx';
import { TargetFields } from './target-fields.tsx';

export interface PartProps {
  draft: Draft;
  set(patch: Partial<Draft>): void;
  errors: Errors;
}

/** The fields one promotion kind needs (API.md): percentage, amount, price, tiers, set items, buy/get. */
export function KindFields({ draft: d, set, errors: e }: PartProps) {
  const { merchant } = useConsole();
  const cur = merchant.currency;
  const target = d.kind !== 'bundle' && d.kind !== 'bxgy' && (
    <TargetFields legend="Applies to" value={d.target} onChange={(target) => set({ target })} error={e.target} />
  );
  switch (d.kind) {
    case 'percent_off':
      return (
        <>
          {target}
          <Field
            label="Discount"
            inputMode="decimal"
            suffix="%"
            value={d.percent}
            onValue={(percent) => set({ percent })}
            error={e.percent}
          />
          <Rows
            legend="Deepening steps (optional)"
            noun="step"
            hint="A scheduled markdown: after each step's delay from the start, the discount becomes its percentage."
            rows={d.steps}
            onRows={(steps) => set({ steps })}
            make={() => ({ afterDays: '7', percent: '' })}
            render={(s, i, up) => (
              <>
                <Field
                  label={`Step ${i + 1}: after (days)`}
                  inputMode="decimal"
                  value={s.afterDays}
                  onValue={(afterDays) => up({ afterDays })}
                  error={e[`steps.${i}.afterDays`]}
                />
                <Field
                  label={`Step ${i + 1}: discount`}
                  inputMode="decimal"
                  suffix="%"
                  value={s.percent}
                  onValue={(percent) => up({ percent })}
                  error={e[`steps.${i}.percent`]}
                />
              </>
            )}
          />
        </>
      );
    case 'amount_off':
      return (
        <>
          {target}
          <Field
            label="Amount off each unit"
            inputMode="decimal"
            suffix={cur}
            value={d.amount}
            onValue={(amount) => set({ amount })}
            error={e.amount}
          />
        </>
      );
    case 'fixed_price':
      return (
        <>
          {target}
          <Field
            label="Price of each unit"
            inputMode="decimal"
            suffix={cur}
            value={d.price}
            onValue={(price) => set({ price })}
            error={e.price}
          />
        </>
      );
    case 'tiered':
      return (
        <>
          {target}
          <Rows
            legend="Tiers"
            noun="tier"
            min={1}
            hint="The highest tier reached by the number of targeted units in the cart applies to all of them."
            rows={d.tiers}
            onRows={(tiers) => set({ tiers })}
            make={() => ({ minQuantity: '', percent: '' })}
            render={(t, i, up) => (
              <>
                <Field
                  label={`Tier ${i + 1}: from units`}
                  inputMode="numeric"
                  value={t.minQuantity}
                  onValue={(minQuantity) => up({ minQuantity })}
                  error={e[`tiers.${i}.minQuantity`]}
                />
                <Field
                  label={`Tier ${i + 1}: discount`}
                  inputMode="decimal"
                  suffix="%"
                  value={t.percent}
                  onValue={(percent) => up({ percent })}
                  error={e[`tiers.${i}.percent`]}
                />
              </>
            )}
          />
        </>
      );
    case 'bundle':
      return (
        <>
          <Rows
            legend="Items in the set"
            noun="item"
            min={1}
            rows={d.items}
            onRows={(items) => set({ items })}
            make={() => ({ sku: '', quantity: '1' })}
            render={(it, i, up) => (
              <>
                <Field
                  label={`Item ${i + 1}: SKU`}
                  value={it.sku}
                  onValue={(sku) => up({ sku })}
                  error={e[`items.${i}.sku`]}
                  autoComplete="off"
                />
                <Field
                  label={`Item ${i + 1}: quantity`}
                  inputMode="numeric"
                  value={it.quantity}
                  onValue={(quantity) => up({ quantity })}
                  error={e[`items.${i}.quantity`]}
                />
              </>
            )}
          />
          <Field
            label="Price of one set"
            inputMode="decimal"
            suffix={cur}
            value={d.price}
            onValue={(price) => set({ price })}
            error={e.price}
          />
        </>
      );
    case 'mix_and_match':
      return (
        <>
          {target}
          <div class="row">
            <Field
              label="Units per group"
              inputMode="numeric"
              value={d.quantity}
              onValue={(quantity) => set({ quantity })}
              error={e.quantity}
            />
            <Field
              label="Price of one group"
              inputMode="decimal"
              suffix={cur}
              value={d.price}
              onValue={(price) => set({ price })}
              error={e.price}
            />
          </div>
        </>
      );
    case 'bxgy':
      return (
        <>
          <TargetFields
            legend="Buy"
            value={d.buy.target}
            onChange={(t) => set({ buy: { ...d.buy, target: t } })}
            error={e['buy.target']}
          />
          <Field
            label="Units to buy"
            inputMode="numeric"
            value={d.buy.quantity}
            onValue={(q) => set({ buy: { ...d.buy, quantity: q } })}
            error={e['buy.quantity']}
          />
          <TargetFields
            legend="Get"
            value={d.get.target}
            onChange={(t) => set({ get: { ...d.get, target: t } })}
            error={e['get.target']}
          />
          <div class="row">
            <Field
              label="Units to get"
              inputMode="numeric"
              value={d.get.quantity}
              onValue={(q) => set({ get: { ...d.get, quantity: q } })}
              error={e['get.quantity']}
            />
            <Field
              label="Discount on those"
              inputMode="decimal"
              suffix="%"
              hint="100 = free."
              value={d.get.percent}
              onValue={(p) => set({ get: { ...d.get, percent: p } })}
              error={e['get.percent']}
            />
          </div>
        </>
      );
  }
}
