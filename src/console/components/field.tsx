/** Labelled form controls: every input has a bound <label>, its hint and error are tied in with aria-describedby. */
import type { ComponentChildren, JSX } from 'preact';
import { useId } from 'preact/hooks';

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'value' | 'label' | 'id'>;

export interface FieldProps extends InputProps {
  label: ComponentChildren;
  value: string;
  onValue(value: string): void;
  hint?: ComponentChildren;
  error?: string | null | undefined;
  /** Text after the input, such as a currency code or "%". */
  suffix?: string;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function Field({ label, value, onValue, hint, error, suffix, class: cls, ...rest }: FieldProps) {
  const id = useId();
  return (
    <div class={`field ${cls ?? ''}`}>
      <label for={id}>{label}</label>
      <div class="field-input">
        <input
          {...rest}
          id={id}
          value={value}
          onInput={(e) => onValue(e.currentTarget.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
        />
        {suffix && <span class="suffix">{suffix}</span>}
      </div>
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} class="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

export interface SelectProps {
  label: ComponentChildren;
  value: string;
  onValue(value: string): void;
  options: readonly { value: string; label: string }[];
  hint?: ComponentChildren;
  disabled?: boolean;
}

export function Select({ label, value, onValue, options, hint, disabled }: SelectProps) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(e) => onValue(e.currentTarget.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

export function Checkbox(props: { label: ComponentChildren; checked: boolean; onChecked(v: boolean): void }) {
  const id = useId();
  return (
    <div class="check">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChecked(e.currentTarget.checked)}
      />
      <label for={id}>{props.label}</label>
    </div>
  );
}
