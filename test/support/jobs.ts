import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { loadJobConfig } from '../../jobs/config.ts';
import { type Jobs, startJobs } from '../../jobs/start.ts';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { createServiceContext, type ServiceContext } from '../../src/services/context.ts';
import { ADMIN_TOKEN } from './app.ts';
import { announceSkip, DATABASE_URL, freshDatabase, REDIS_URL, type TestDatabase } from './db.ts';

/** Job suites need a real Redis and PostgreSQL; without them they print why and do not run. */
export function jobsAvailable(suite: string): boolean {
  if (REDIS_URL && DATABASE_URL) return true;
  announceSkip(suite, REDIS_URL ? 'DATABASE_URL' : 'REDIS_URL');
  return false;
}

/** Fast timings for tests; a fresh queue prefix per file keeps files from seeing each other's jobs. */
export function jobEnv(prefix: string): Record<string, string> {
  return {
    BULLMQ_PREFIX: prefix,
    WEBHOOK_BACKOFF_MS: '150',
    WEBHOOK_ATTEMPTS: '6',
    WEBHOOK_TIMEOUT_MS: '5000',
    JOB_LOCK_MS: '2000',
    JOB_STALLED_MS: '1000',
    OUTBOX_POLL_MS: '250',
    RECONCILE_MS: '60000',
  };
}

export const freshPrefix = (name: string) => `t-${name}-${randomBytes(4).toString('hex')}`;

export interface JobsTestApp {
  app: FastifyInstance;
  ctx: ServiceContext;
  jobs: Jobs;
  testDb: TestDatabase;
  close(): Promise<void>;
}

/** API + job runtime (with or without workers) on a fresh PostgreSQL database, or on `testDb` when given. */
export async function startJobsApp(opts: {
  prefix: string;
  redisUrl?: string;
  runWorker?: boolean;
  testDb?: TestDatabase;
}): Promise<JobsTestApp> {
  const testDb = opts.testDb ?? (await freshDatabase({ kind: 'postgres' }));
  const config = loadConfig({ ADMIN_TOKEN, STOREFRONT_RATE_LIMIT: '0', LOG_LEVEL: 'silent' });
  const jobs = await startJobs({
    redisUrl: opts.redisUrl ?? REDIS_URL!,
    database: testDb.database,
    logger: pino({ level: 'silent' }),
    config: loadJobConfig(jobEnv(opts.prefix)),
    runWorker: opts.runWorker ?? true,
  });
  const ctx = createServiceContext({ config, database: testDb.database, queue: jobs.queue, scheduler: jobs.scheduler });
  await ctx.start();
  const app = await buildApp({ ctx });
  await app.ready();
  return {
    app,
    ctx,
    jobs,
    testDb,
    async close() {
      await app.close();
      if (jobs.queue.isUp()) {
        for (const q of Object.values(jobs.queues) as Queue[]) await q.obliterate({ force: true }).catch(() => {});
      }
      await jobs.close();
      await ctx.stop();
      if (!opts.testDb) await testDb.drop();
    },
  };
}

export interface Received {
  body: string;
  json: { id: string; type: string; at: string; merchantId: string; data: Record<string, unknown> };
  headers: IncomingHttpHeaders;
  at: number;
}

/**
 * A local webhook receiver on 127.0.0.1:0. `answer(n, req)` picks the status of the n-th request (1-based), or
 * `'hang'` to never answer (a worker killed mid-delivery).
 */
export async function startReceiver(answer: (n: number, r: Received) => number | 'hang' = () => 200) {
  const requests: Received[] = [];
  const hanging = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Received['json'];
      try {
        json = JSON.parse(body);
      } catch {
        res.writeHead(400).end(); // never throw inside the server: that would take the test process down
        return;
      }
      const r: Received = { body, json, headers: req.headers, at: Date.now() };
      requests.push(r);
      const status = answer(requests.length, r);
      if (status === 'hang') {
        hanging.add(() => res.destroy());
        return;
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    ofType: (type: string) => requests.filter((r) => r.json.type === type),
    async close() {
      for (const drop of hanging) drop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `check` until it returns a truthy value (a non-empty array) or `timeoutMs` passes (then throws, naming `what`). */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v && !(Array.isArray(v) && v.length === 0)) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
