/**
 * Job settings, parsed once from the environment and frozen; shared by `npm start` and `npm run worker`.
 * Tests shrink the timings (fast retries, quick stall detection) and give each file its own queue prefix.
 */
export interface JobConfig {
  /** BullMQ key prefix in Redis (`BULLMQ_PREFIX`); a fresh one per test file keeps files apart. */
  prefix: string;
  /** Jobs each worker runs at once, per queue. */
  concurrency: number;
  webhookAttempts: number;
  /** First retry delay; BullMQ doubles it on each further attempt. */
  webhookBackoffMs: number;
  webhookTimeoutMs: number;
  /** How long a job's lock lives without renewal: a killed worker's job is retried after about this long. */
  lockMs: number;
  /** How often workers look for jobs whose worker died. */
  stalledMs: number;
  /** Backstop poll of the outbox (NOTIFY does the fast path). */
  outboxPollMs: number;
  /** How often the worker re-derives jobs from the database (lifecycle, expiries, imports, deliveries). */
  reconcileMs: number;
  /** Redis calls from the API give up after this long, so a request never waits on a dead Redis. */
  redisCommandTimeoutMs: number;
}

export class JobConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new JobConfigError(`${name} must be an integer, got "${raw}"`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new JobConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function loadJobConfig(env: NodeJS.ProcessEnv = process.env): JobConfig {
  const prefix = env.BULLMQ_PREFIX || 'clearance';
  // A prefix in braces is a Redis Cluster hash tag: every key of every queue then lives in one slot, as BullMQ's Lua
  // scripts need on a cluster (docs/architecture.md, "Scaling past one machine").
  if (!/^([A-Za-z0-9_.-]{1,64}|\{[A-Za-z0-9_.-]{1,62}\})$/.test(prefix))
    throw new JobConfigError('BULLMQ_PREFIX must be 1..64 of [A-Za-z0-9_.-], or such a name in braces ({name})');
  return Object.freeze({
    prefix,
    concurrency: int(env, 'JOB_CONCURRENCY', 8, 1, 256),
    webhookAttempts: int(env, 'WEBHOOK_ATTEMPTS', 12, 1, 100),
    webhookBackoffMs: int(env, 'WEBHOOK_BACKOFF_MS', 2000, 1, 3_600_000),
    webhookTimeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    lockMs: int(env, 'JOB_LOCK_MS', 30_000, 500, 600_000),
    stalledMs: int(env, 'JOB_STALLED_MS', 30_000, 200, 600_000),
    outboxPollMs: int(env, 'OUTBOX_POLL_MS', 2000, 50, 600_000),
    reconcileMs: int(env, 'RECONCILE_MS', 60_000, 500, 86_400_000),
    redisCommandTimeoutMs: int(env, 'REDIS_COMMAND_TIMEOUT_MS', 2000, 50, 60_000),
  });
}
