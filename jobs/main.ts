import { loadProcessConfig, onShutdown, openMigrated } from '../src/bootstrap.ts';
import { createLogger } from '../src/logger.ts';
import { startJobs } from './start.ts';

/** `npm run worker`: the job workers, outbox relay and reconciler alone, for scaling out beside the API. */
async function main(): Promise<void> {
  const { config, jobConfig } = loadProcessConfig();
  const logger = createLogger(config.logLevel);
  const database = await openMigrated(config);
  const jobs = await startJobs({
    redisUrl: config.redisUrl,
    database,
    logger,
    config: jobConfig,
    runWorker: true,
  });
  logger.info({ prefix: jobConfig.prefix }, 'worker started');

  onShutdown(logger, 'worker', [() => jobs.close(), () => database.close()]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
