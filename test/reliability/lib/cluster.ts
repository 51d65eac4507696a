import { Redis } from 'ioredis';
import { ADMIN_TOKEN } from '../../support/app.ts';
import { jobEnv } from '../../support/jobs.ts';
import { freePort, type Proc, spawnApi, spawnWorker } from './processes.ts';

export { EVENT_TYPES } from '../../../src/db/event-types.ts';

export interface Cluster {
  apis: Proc[];
  workers: Proc[];
  env: Record<string, string>;
  /** Starts API `i` again (same port) after it stopped. */
  restartApi(i: number): Promise<Proc>;
  restartWorker(i: number): Promise<Proc>;
  /** Log lines at level error or worse from every process (and anything they printed to stderr that is not JSON). */
  errors(): string[];
  stop(): Promise<void>;
}

/** pino lines at level ≥ 50 (error, fatal) and non-JSON lines that look like a crash, from one process's output. */
export function errorLines(output: string): string[] {
  return output.split('\n').filter((line) => {
    if (line.startsWith('{')) {
      try {
        return (JSON.parse(line) as { level?: number }).level! >= 50;
      } catch {
        return true;
      }
    }
    return /Error|throw|Unhandled/.test(line);
  });
}

/**
 * `apis` API processes (`src/main.ts`, RUN_WORKER=false) and `workers` worker processes (`jobs/main.ts`) on one
 * PostgreSQL database and one Redis prefix, as a load balancer would see them. Job timings are the fast test ones.
 */
export async function startCluster(opts: {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  apis: number;
  workers: number;
  env?: Record<string, string>;
}): Promise<Cluster> {
  const env: Record<string, string> = {
    ...jobEnv(opts.prefix),
    ADMIN_TOKEN,
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: opts.redisUrl,
    STOREFRONT_RATE_LIMIT: '0',
    RECONCILE_MS: '3000',
    // Other test runs share the PostgreSQL server: keep this cluster's connections modest.
    DATABASE_POOL_SIZE: '8',
    ...opts.env,
  };
  const ports = await Promise.all(Array.from({ length: opts.apis }, () => freePort()));
  const procs = await Promise.all([
    ...ports.map((port, i) => spawnApi(`api${i + 1}`, port, env)),
    ...Array.from({ length: opts.workers }, (_, i) => spawnWorker(`worker${i + 1}`, env)),
  ]);
  const apis = procs.slice(0, opts.apis);
  const workers = procs.slice(opts.apis);
  const retired: Proc[] = [];
  return {
    apis,
    workers,
    env,
    async restartApi(i) {
      retired.push(apis[i]!);
      apis[i] = await spawnApi(`api${i + 1}`, ports[i]!, env);
      return apis[i]!;
    },
    async restartWorker(i) {
      retired.push(workers[i]!);
      workers[i] = await spawnWorker(`worker${i + 1}`, env);
      return workers[i]!;
    },
    errors() {
      return [...apis, ...workers, ...retired].flatMap((p) => errorLines(p.output()).map((l) => `${p.name}: ${l}`));
    },
    async stop() {
      await Promise.all([...apis, ...workers].map((p) => p.stop('SIGTERM', 15_000)));
    },
  };
}

/** Deletes every Redis key under `prefix` (queues of one test run). */
export async function flushPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => {});
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // Redis gone: nothing to clean
  } finally {
    redis.disconnect();
  }
}
