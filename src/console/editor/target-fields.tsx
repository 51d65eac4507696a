import { Field } from '../components/field.tsx';
import type { TargetDraft } from './draft.ts';

/** Which products a promotion (or one side of a buy-X-get-Y) reaches: SKUs and tags, a union. */
export function TargetFields(p: {
  legend: string;
  value: TargetDraft;
  onChange(t: TargetDraft): void;
  error?: string | undefined;
}) {
  return (
    <fieldset class="target">
      <legend>{p.legend}</legend>
      <div class="row">
        <Field
          label="SKUs"
          value={p.value.skus}
          onValue={(skus) => p.onChange({ ...p.value, skus })}
          hint="Separated by commas."
          autoComplete="off"
          spellcheck={false}
        />
        <Field
          label="Tags"
          value={p.value.tags}
          onValue={(tags) => p.onChange({ ...p.value, tags })}
          hint="Every product with any of these tags."
          autoComplete="off"
        />
      </div>
      {p.error && (
        <p class="field-error" role="alert">
          {p.error}
        </p>
      )}
    </fieldset>
  );
}
