import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { emitEvent, eventIds } from '../db/events.ts';
import { newId } from '../db/ids.ts';
import {
  findImport,
  finishImport,
  importView,
  insertImport,
  markActive,
  readChunks,
  saveProgress,
} from '../db/imports.ts';
import type { ImportError } from '../db/schema-jobs.ts';
import { AppError, badRequest } from '../domain/errors.ts';
import type { DbContext } from './context.ts';
import { applyProductRows, PRODUCT_COLUMNS, type ProductRowInput, parseProductRow } from './import-rows.ts';

/** Rows written per transaction. */
export const IMPORT_BATCH_ROWS = 500;

/** Field by field: `"sku,name",listPrice,…` is five fields, not the header. */
const isProductHeader = (header: string[]) =>
  header.length === PRODUCT_COLUMNS.length && header.every((h, i) => h === PRODUCT_COLUMNS[i]);

/**
 * File-level checks, before anything is stored: the file is UTF-8 text without NUL bytes (PostgreSQL text cannot hold
 * NUL) and starts with the header row. Bad rows after it are the job's to report, row by row.
 */
function checkCsvFile(file: Buffer): void {
  if (file.length === 0) throw badRequest('body', 'the CSV is empty; it needs the header row and at least one row');
  if (file.includes(0)) throw badRequest('body', 'the CSV contains a NUL byte; send UTF-8 text');
  if (!isUtf8(file)) throw badRequest('body', 'the CSV is not valid UTF-8 text');
  const first =
    file
      .subarray(0, 64 * 1024)
      .toString('utf8')
      .split(/\r\n|\n|\r/, 1)[0] ?? '';
  let header: string[] = [];
  try {
    const records = parseSync(first, { bom: true, relax_quotes: true, relax_column_count: true }) as string[][];
    header = (records[0] ?? []).map((h) => h.trim());
  } catch {
    // not a CSV line: reported below
  }
  if (!isProductHeader(header)) {
    throw badRequest('body', `row 1: the header must be ${PRODUCT_COLUMNS.join(',')}, got "${first.slice(0, 120)}"`);
  }
}

/** `POST /v1/imports/products`: stores the CSV in PostgreSQL (any worker can read it) and returns the job id. */
export async function uploadProducts(
  ctx: DbContext,
  merchantId: string,
  { keyId, file }: { keyId: string | null; file: Buffer },
) {
  checkCsvFile(file);
  const id = newId();
  await ctx.db.transaction().execute((trx) => insertImport(trx, { id, merchantId, kind: 'products', keyId, file }));
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
  ctx: DbContext,
  { importId, onProgress = async () => {} }: { importId: string; onProgress?: (percent: number) => Promise<void> },
): Promise<ImportOutcome | null> {
  const { db } = ctx;
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
        if (!isProductHeader(header)) {
          failure = `row 1: the header must be ${PRODUCT_COLUMNS.join(',')}, got ${header.join(',').slice(0, 120)}`;
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
    await emitEvent(trx, merchantId, 'import.completed', data, eventIds.importCompleted(importId));
  });
  return totals;
}

/** `GET /v1/jobs/{jobId}`: the import's state as the `imports` row records it (the truth, whatever Redis holds). */
export async function getImport(ctx: DbContext, merchantId: string, id: string) {
  const row = await findImport(ctx.db, merchantId, id);
  if (!row) throw new AppError('not_found', `no job ${id}`);
  return importView(row);
}
