import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Db } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import { findImport, finishImport, insertImport, markActive, readChunks, saveProgress } from '../db/imports.ts';
import { emitEvent } from '../db/outbox.ts';
import type { ImportError } from '../db/schema-jobs.ts';
import { AppError, badRequest } from '../domain/errors.ts';
import { applyProductRows, PRODUCT_COLUMNS, type ProductRowInput, parseProductRow } from './import-rows.ts';

/** Rows written per transaction. */
export const IMPORT_BATCH_ROWS = 500;

/** `POST /v1/imports/products`: stores the CSV in PostgreSQL (any worker can read it) and returns the job id. */
export async function uploadProducts(db: Db, merchantId: string, keyId: string | null, file: Buffer) {
  if (file.length === 0) throw badRequest('body', 'the CSV is empty; it needs the header row and at least one row');
  const id = newId();
  await db.transaction().execute((trx) => insertImport(trx, { id, merchantId, kind: 'products', keyId, file }));
  return { jobId: id };
}

export interface ImportOutcome {
  rows: number;
  applied: number;
  failed: number;
}

/**
 * Applies a stored product CSV: streamed from its chunks through csv-parse (one chunk and one batch in memory), in
 * transactions of `IMPORT_BATCH_ROWS` rows that also checkpoint progress — a retried import (worker killed) resumes
 * after the last committed batch. Bad rows are recorded with their row number; good rows are applied.
 */
export async function runImport(
  db: Db,
  importId: string,
  onProgress: (percent: number) => Promise<void> = async () => {},
): Promise<ImportOutcome | null> {
  const imp = await findImport(db, null, importId);
  if (!imp) return null;
  if (imp.state === 'completed' || imp.state === 'failed') {
    return { rows: imp.rows_done, applied: imp.applied, failed: imp.failed };
  }
  await markActive(db, importId);
  const merchantId = imp.merchant_id;
  const totals = { rows: imp.rows_done, applied: imp.applied, failed: imp.failed };
  let batch: ProductRowInput[] = [];
  let errors: ImportError[] = [];
  let rowsDone = imp.rows_done;
  let progress = imp.progress;

  const flush = async () => {
    if (rowsDone === totals.rows) return;
    const rows = batch;
    const rowErrors = errors;
    batch = [];
    errors = [];
    await db.transaction().execute(async (trx) => {
      const res = await applyProductRows(trx, merchantId, importId, rows);
      rowErrors.push(...res.errors);
      rowErrors.sort((a, b) => a.row - b.row);
      await saveProgress(trx, importId, { rowsDone, progress, applied: res.applied, errors: rowErrors });
      totals.applied += res.applied;
      totals.failed += rowErrors.length;
    });
    totals.rows = rowsDone;
    await onProgress(progress);
  };

  const parser = parse({ bom: true, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
  const source = Readable.from(readChunks(db, importId));
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  let row = 0;
  let failure: string | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
      row++;
      if (row === 1) {
        const header = record.map((h) => h.trim());
        if (header.join(',') !== PRODUCT_COLUMNS.join(',')) {
          failure = `row 1: the header must be ${PRODUCT_COLUMNS.join(',')}, got ${header.join(',')}`;
          errors.push({ row: 1, message: failure });
          break;
        }
        continue;
      }
      if (row - 1 <= imp.rows_done) continue; // applied before a retry
      const parsed = parseProductRow(record, row);
      if (typeof parsed !== 'string' && batch.some((b) => b.sku === parsed.sku)) await flush(); // later row wins
      if (typeof parsed === 'string') errors.push({ row, message: parsed });
      else batch.push(parsed);
      rowsDone = row - 1;
      progress = Math.min(99, Math.floor((info.bytes * 100) / Math.max(1, imp.size_bytes)));
      if (batch.length + errors.length >= IMPORT_BATCH_ROWS) await flush();
    }
  } catch (err) {
    if (!(err instanceof Error) || !('code' in err) || !String(err.code).startsWith('CSV_')) throw err;
    failure = `row ${row + 1}: ${err.message}`;
    errors.push({ row: row + 1, message: err.message });
  }
  await flush();
  if (errors.length > 0) {
    await db.transaction().execute((trx) => saveProgress(trx, importId, { rowsDone, progress, applied: 0, errors }));
    totals.failed += errors.length;
  }
  if (row <= 1 && failure === null) failure = 'the CSV has no rows after the header';
  await db.transaction().execute(async (trx) => {
    await finishImport(trx, importId, failure ? 'failed' : 'completed', failure);
    const data = { importId, state: failure ? 'failed' : 'completed', ...totals };
    await emitEvent(trx, merchantId, 'import.completed', data, `import.completed:${importId}`);
  });
  return totals;
}

export async function getImport(db: Db, merchantId: string, id: string) {
  const row = await findImport(db, merchantId, id);
  if (!row) throw new AppError('not_found', `no job ${id}`);
  return row;
}
