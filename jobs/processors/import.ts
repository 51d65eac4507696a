import { type Processor, UnrecoverableError } from 'bullmq';
import { type ImportOutcome, runImport } from '../../src/services/imports.ts';
import type { JobDeps } from '../context.ts';
import type { ImportJob } from '../queues.ts';

/** `imports`: apply a stored CSV; progress goes to the `imports` row (the truth for `GET /v1/jobs/{id}`) and the job. */
export function importProcessor(deps: JobDeps): Processor<ImportJob, ImportOutcome> {
  return async (job) => {
    const outcome = await runImport(deps.db, job.data.importId, (p) => job.updateProgress(p));
    if (!outcome) throw new UnrecoverableError(`no import ${job.data.importId}`);
    return outcome;
  };
}
