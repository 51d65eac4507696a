import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { ImportError, ImportState } from './schema-jobs.ts';

/** The stored file is split in chunks of this size, so a reader holds one chunk at a time. */
export const IMPORT_CHUNK_BYTES = 1024 * 1024;
/** Row errors kept per import (the `failed` count is always exact). */
export const MAX_STORED_ERRORS = 1000;
/** Channel on which an upload announces its id, so a worker picks it up without polling. */
export const IMPORTS_CHANNEL = 'imports';

export interface ImportView {
  id: string;
  state: ImportState;
  progress: number;
  result?: { rows: number; applied: number; failed: number; message?: string };
  errors?: ImportError[];
}

/** Stores an upload and its file in one transaction and announces it to workers when that commits. */
export async function insertImport(
  trx: Db,
  imp: { id: string; merchantId: string; kind: string; keyId: string | null; file: Buffer },
): Promise<void> {
  await trx
    .insertInto('imports')
    .values({
      id: imp.id,
      merchant_id: imp.merchantId,
      kind: imp.kind,
      size_bytes: imp.file.length,
      key_id: imp.keyId,
    })
    .execute();
  for (let seq = 0, at = 0; at < imp.file.length; seq++, at += IMPORT_CHUNK_BYTES) {
    const data = imp.file.subarray(at, at + IMPORT_CHUNK_BYTES);
    await trx.insertInto('import_chunks').values({ import_id: imp.id, seq, data }).execute();
  }
  await sql`select pg_notify(${IMPORTS_CHANNEL}, ${imp.id})`.execute(trx);
}

export async function findImport(db: Db, merchantId: string | null, id: string) {
  let q = db.selectFrom('imports').selectAll().where('id', '=', id);
  if (merchantId !== null) q = q.where('merchant_id', '=', merchantId);
  return q.executeTakeFirst();
}

type ImportRow = NonNullable<Awaited<ReturnType<typeof findImport>>>;

export function importView(row: ImportRow): ImportView {
  const view: ImportView = { id: row.id, state: row.state, progress: row.progress };
  if (row.state === 'completed' || row.state === 'failed') {
    view.result = { rows: row.rows_done, applied: row.applied, failed: row.failed };
    if (row.message) view.result.message = row.message;
  }
  if (row.errors.length > 0) view.errors = row.errors;
  return view;
}

/** Chunks of the stored file, in order, one query per chunk. */
export async function* readChunks(db: Db, importId: string): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq++) {
    const row = await db
      .selectFrom('import_chunks')
      .select('data')
      .where('import_id', '=', importId)
      .where('seq', '=', seq)
      .executeTakeFirst();
    if (!row) return;
    yield row.data;
  }
}

export async function markActive(db: Db, id: string): Promise<void> {
  await db
    .updateTable('imports')
    .set({ state: 'active', started_at: sql<Date>`coalesce(started_at, now())` })
    .where('id', '=', id)
    .where('state', 'in', ['waiting', 'active'])
    .execute();
}

/** Checkpoint after a batch (in the batch's transaction): a retried import resumes after `rowsDone`. */
export async function saveProgress(
  trx: Db,
  id: string,
  p: { rowsDone: number; progress: number; applied: number; errors: ImportError[] },
): Promise<void> {
  await trx
    .updateTable('imports')
    .set({
      rows_done: p.rowsDone,
      progress: p.progress,
      applied: sql<number>`applied + ${p.applied}`,
      failed: sql<number>`failed + ${p.errors.length}`,
      ...(p.errors.length > 0 && {
        errors: sql<string>`jsonb_path_query_array(errors || ${JSON.stringify(p.errors)}::jsonb, ${`$[0 to ${MAX_STORED_ERRORS - 1}]`}::jsonpath)`,
      }),
    })
    .where('id', '=', id)
    .execute();
}

/** Final state; the stored file is dropped once it has been applied. */
export async function finishImport(
  trx: Db,
  id: string,
  state: 'completed' | 'failed',
  message: string | null,
): Promise<void> {
  await trx
    .updateTable('imports')
    .set({ state, message, progress: 100, finished_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
  await trx.deleteFrom('import_chunks').where('import_id', '=', id).execute();
}

/** Imports not finished yet (for re-queueing after a flushed Redis or a missed notification). */
export async function openImports(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('imports')
    .select('id')
    .where('state', 'in', ['waiting', 'active'])
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
