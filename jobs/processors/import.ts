import { type Processor, UnrecoverableError } from 'bullmq';
import { type ImportOutcome, runImport } from '../../src/services/imports.ts';
import type { JobContext } from '../context.ts';
import { jobId } from '../job-id.ts';

/** `imports`: apply an uploaded CSV stored in `import_chunks`. */
export interface ImportJob {
  importId: string;
}

/** The job for an uploaded import; one per import, so its NOTIFY and the reconciler queue it once. */
export function importJob(importId: string) {
  return { name: 'import-products', data: { importId }, opts: { jobId: jobId('import', importId) } };
}

/** `imports`: apply a stored CSV; progress goes to the `imports` row (the truth for `GET /v1/jobs/{id}`) and the job. */
export function importProcessor(ctx: JobContext): Processor<ImportJob, ImportOutcome> {
  return async (job) => {
    const { importId } = job.data;
    const outcome = await runImport(ctx, { importId, onProgress: (p) => job.updateProgress(p) });
    if (!outcome) throw new UnrecoverableError(`no import ${importId}`);
    return outcome;
  };
}
