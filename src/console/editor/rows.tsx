import type { ComponentChildren } from 'preact';

export interface RowsProps<T> {
  legend: string;
  /** Names one row for the remove button: "tier", "item", … */
  noun: string;
  rows: T[];
  onRows(rows: T[]): void;
  make(): T;
  render(row: T, index: number, update: (patch: Partial<T>) => void): ComponentChildren;
  min?: number;
  hint?: ComponentChildren;
}

/** A fieldset of repeated rows (tiers, bundle items, steps, windows) with add and remove buttons. */
export function Rows<T>(p: RowsProps<T>) {
  const min = p.min ?? 0;
  const update = (i: number) => (patch: Partial<T>) =>
    p.onRows(p.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset class="rows">
      <legend>{p.legend}</legend>
      {p.hint && <p class="hint">{p.hint}</p>}
      {p.rows.map((row, i) => (
        <div class="row-item" key={i}>
          {p.render(row, i, update(i))}
          {p.rows.length > min && (
            <button
              type="button"
              class="secondary small"
              aria-label={`Remove ${p.noun} ${i + 1}`}
              onClick={() => p.onRows(p.rows.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          )}
        </div>
      ))}
      <button type="button" class="secondary small" onClick={() => p.onRows([...p.rows, p.make()])}>
        Add {p.noun}
      </button>
    </fieldset>
  );
}
