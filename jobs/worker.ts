import { ConfigError, loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createLogger } from '../src/logger.ts';
import { JobConfigError, loadJobConfig } from './config.ts';
import { startJobRuntime } from './runtime.ts';

/** `npm run worker`: the job workers, outbox relay and reconciler alone, for scaling out beside the API. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  let jobConfig: ReturnType<typeof loadJobConfig>;
  try {
    config = loadConfig();
    jobConfig = loadJobConfig();
  } catch (err) {
    if (err instanceof ConfigError || err instanceof JobConfigError) {
      console.error(`configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(database.db);
  const runtime = await startJobRuntime({
    redisUrl: config.redisUrl,
    database,
    logger,
    config: jobConfig,
    runWorker: true,
  });
  logger.info({ prefix: jobConfig.prefix }, 'worker started');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'worker shutting down: finishing active jobs');
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    try {
      await runtime.close();
      await database.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
