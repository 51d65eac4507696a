import { startJobs } from '../jobs/start.ts';
import { loadProcessConfig, onShutdown, openMigrated } from './bootstrap.ts';
import { seedDemo } from './demo.ts';
import { buildApp } from './http/app.ts';
import { buildPagesIfMissing } from './http/static.ts';
import { createLogger } from './logger.ts';
import { createServiceContext } from './services/context.ts';

/** `npm start`: API, worker and console in one process, on PostgreSQL or the embedded database. */
async function main(): Promise<void> {
  const { config, jobConfig } = loadProcessConfig();
  const logger = createLogger(config.logLevel);
  buildPagesIfMissing((message) => logger.info(message));
  const database = await openMigrated(config);
  const jobs = await startJobs({
    redisUrl: config.redisUrl,
    database,
    logger,
    config: jobConfig,
    runWorker: config.runWorker,
  });
  const ctx = createServiceContext({ config, database, queue: jobs.queue, scheduler: jobs.scheduler });
  await ctx.start();
  const demo = await seedDemo(ctx, config.databaseUrl ? null : config.dataDir);
  const app = await buildApp({ ctx, logger });
  await app.listen({ port: config.port, host: config.host });

  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  const lines = [
    `Clearance promotions service on ${database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}`,
    `  API      ${base}/v1   (OpenAPI docs ${base}/docs)`,
    `  Console  ${base}/console   Demo shop ${base}/shop`,
    `  Health   ${base}/health`,
  ];
  if (config.adminTokenGenerated)
    lines.push(`  Admin token for this run (set ADMIN_TOKEN to fix it): ${config.adminToken}`);
  if (demo) {
    lines.push(`  Demo merchant "${demo.merchant.name}" created:`);
    lines.push(`    console key    ${demo.merchant.apiKeys.console}`);
    lines.push(`    storefront key ${demo.merchant.apiKeys.storefront}`);
    lines.push(`    demo shop      ${base}/shop/?key=${demo.merchant.apiKeys.storefront}`);
    if (demo.keysFile) lines.push(`    (also saved in ${demo.keysFile})`);
  }
  console.log(lines.join('\n'));
  setTimeout(() => {
    if (!jobs.queue.isUp())
      logger.warn(`jobs paused: Redis at ${config.redisUrl} is not reachable; the API keeps serving`);
  }, 1500).unref();

  onShutdown(logger, 'service', [() => app.close(), () => jobs.close(), () => ctx.stop(), () => database.close()]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
