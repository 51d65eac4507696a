import type { Logger } from 'pino';
import type { Database, Db } from '../src/db/database.ts';
import type { JobConfig } from './config.ts';
import type { Queues } from './producers.ts';

/**
 * What processors, the relay, the reconciler and the scheduler share; built once per process by `startJobs`.
 * Processors pass it to services as their context (it has the `db` every database-only service needs).
 */
export interface JobContext {
  database: Database;
  db: Db;
  queues: Queues;
  config: JobConfig;
  logger: Logger;
  /** Whether Redis answers; Redis calls are skipped (not awaited forever) while it does not. */
  isUp(): boolean;
}
