/**
 * A table that turns into labelled cards below 640 px (each cell shows its column name), so nothing scrolls
 * sideways on a phone.
 */
import type { ComponentChildren } from 'preact';

export interface Column<T> {
  label: string;
  cell(row: T): ComponentChildren;
  numeric?: boolean;
}

export interface TableProps<T> {
  caption: ComponentChildren;
  columns: Column<T>[];
  rows: T[];
  rowKey(row: T): string | number;
  rowClass?(row: T): string | undefined;
  empty?: ComponentChildren;
  /** Hide the caption visually (still read by screen readers). */
  hiddenCaption?: boolean;
}

export function DataTable<T>(p: TableProps<T>) {
  return (
    <table class="data">
      <caption class={p.hiddenCaption ? 'visually-hidden' : undefined}>{p.caption}</caption>
      <thead>
        <tr>
          {p.columns.map((c) => (
            <th key={c.label} scope="col" class={c.numeric ? 'num' : undefined}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {p.rows.length === 0 && (
          <tr class="empty">
            <td colSpan={p.columns.length}>{p.empty ?? 'Nothing here yet.'}</td>
          </tr>
        )}
        {p.rows.map((r) => (
          <tr key={p.rowKey(r)} class={p.rowClass?.(r)}>
            {p.columns.map((c) => (
              <td key={c.label} data-label={c.label} class={c.numeric ? 'num' : undefined}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Load more" under a paged list, and its loading/error state. */
export function MoreButton(p: { hasMore: boolean; loading: boolean; onMore(): void }) {
  if (!p.hasMore) return null;
  return (
    <button type="button" class="secondary" onClick={p.onMore} disabled={p.loading}>
      {p.loading ? 'Loading…' : 'Load more'}
    </button>
  );
}
