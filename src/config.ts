import { randomBytes } from 'node:crypto';

/** Everything the server and the worker read from the environment, parsed once and frozen. */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL server; `null` runs on the embedded PGlite database in `dataDir`. */
  databaseUrl: string | null;
  /** Connections in the PostgreSQL pool (per process). */
  databasePoolSize: number;
  redisUrl: string;
  /** Bearer token for `POST /v1/merchants`. Generated per start (and printed) when unset. */
  adminToken: string;
  adminTokenGenerated: boolean;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Requests per minute per storefront key; 0 turns rate limiting off. */
  storefrontRateLimit: number;
  /** Concurrent reservation writers admitted per SKU in one process (the rest queue in memory). */
  hotSkuWriters: number;
  /** Run the BullMQ worker inside the API process (`npm start`); `npm run worker` runs it alone. */
  runWorker: boolean;
}

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL (${protocols.join(' or ')}), got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return raw;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const adminToken = env.ADMIN_TOKEN ?? '';
  if (adminToken !== '' && adminToken.length < 16) throw new ConfigError('ADMIN_TOKEN must be at least 16 characters');
  return Object.freeze({
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 20, 1, 1000),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']) ?? 'redis://127.0.0.1:6379',
    adminToken: adminToken || randomBytes(24).toString('base64url'),
    adminTokenGenerated: adminToken === '',
    dataDir: env.DATA_DIR || './data',
    logLevel,
    storefrontRateLimit: int(env, 'STOREFRONT_RATE_LIMIT', 6000, 0, 100_000_000),
    hotSkuWriters: int(env, 'HOT_SKU_WRITERS', 4, 1, 1000),
    runWorker: bool(env, 'RUN_WORKER', true),
  });
}
