import type { Logger } from 'pino';
import { type JobConfig, JobConfigError, loadJobConfig } from '../jobs/config.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';

/** Both configurations of a process (`npm start`, `npm run worker`); a bad value exits with code 2 and its message. */
export function loadProcessConfig(): { config: Config; jobConfig: JobConfig } {
  try {
    return { config: loadConfig(), jobConfig: loadJobConfig() };
  } catch (err) {
    if (err instanceof ConfigError || err instanceof JobConfigError) {
      console.error(`configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
}

/** The configured database (PostgreSQL or embedded PGlite), migrated to the latest schema. */
export async function openMigrated(config: Config): Promise<Database> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
  });
  await migrateToLatest(database.db);
  return database;
}

/**
 * On SIGINT/SIGTERM, runs `steps` once, in order (stop taking work, finish what is in flight, close connections),
 * then exits 0; a step that hangs is cut off after 25 s with exit 1. Shared by the API process and the worker.
 */
export function onShutdown(logger: Logger, what: string, steps: (() => Promise<unknown>)[]): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, `${what} shutting down: finishing work in flight`);
    setTimeout(() => process.exit(1), 25_000).unref();
    try {
      for (const step of steps) await step();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
