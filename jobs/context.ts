import type { Logger } from 'pino';
import type { Database, Db } from '../src/db/database.ts';
import type { JobConfig } from './config.ts';
import type { Queues } from './producers.ts';

/** What processors, the relay and the reconciler share. */
export interface JobDeps {
  database: Database;
  db: Db;
  queues: Queues;
  config: JobConfig;
  logger: Logger;
  /** Whether Redis answers; Redis calls are skipped (not awaited forever) while it does not. */
  isUp(): boolean;
}
