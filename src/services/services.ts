import type { Config } from '../config.ts';
import type { Database, Db } from '../db/database.ts';

/** Whether the job queue (Redis) is reachable; the API keeps serving either way. */
export interface QueueStatus {
  isUp(): boolean;
}

/** Everything routes and job processors need, built once per process and shared. */
export interface Services {
  config: Config;
  database: Database;
  db: Db;
  queue: QueueStatus;
}

export interface ServiceDeps {
  config: Config;
  database: Database;
  queue?: QueueStatus;
}

export function createServices(deps: ServiceDeps): Services {
  return {
    config: deps.config,
    database: deps.database,
    db: deps.database.db,
    queue: deps.queue ?? { isUp: () => false },
  };
}
