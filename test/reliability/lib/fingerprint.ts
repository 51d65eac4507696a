import { sql } from 'kysely';
import type { Db } from '../../../src/db/database.ts';

export interface TableState {
  rows: number;
  /** md5 over every row's text, in a stable order: any insert, update or delete changes it. */
  md5: string;
}

/** Every application table of the public schema (migration bookkeeping excluded). */
export async function tablesOf(db: Db): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
    order by table_name`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** Row count and content hash of every table. */
export async function fingerprint(db: Db): Promise<Record<string, TableState>> {
  const out: Record<string, TableState> = {};
  for (const table of await tablesOf(db)) {
    const t = sql.table(table);
    const r = await sql<{ rows: string | number; md5: string | null }>`
      select count(*) as rows, md5(coalesce(string_agg(x.t, '|' order by x.t), '')) as md5
      from (select ${t}::text as t from ${t}) x`.execute(db);
    out[table] = { rows: Number(r.rows[0]!.rows), md5: r.rows[0]!.md5 ?? '' };
  }
  return out;
}

/** Tables whose rows differ between two fingerprints, with their counts. */
export function changedTables(a: Record<string, TableState>, b: Record<string, TableState>): string[] {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names]
    .filter((n) => a[n]?.md5 !== b[n]?.md5)
    .map((n) => `${n}: ${a[n]?.rows ?? '-'} → ${b[n]?.rows ?? '-'} rows`);
}
