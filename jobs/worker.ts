import { ConfigError, loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createLogger } from '../src/logger.ts';
import { onShutdown } from '../src/shutdown.ts';
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

  onShutdown(logger, 'worker', [() => runtime.close(), () => database.close()]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
