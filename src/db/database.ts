import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { DB } from './schema.ts';

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /**
   * Subscribe to a NOTIFY channel; returns an unsubscribe function. On PostgreSQL the listening connection is
   * re-established after it drops (a server restart); `onState(false)` says notifications may be missed from now on,
   * `onState(true)` that it listens again (anything sent in between was lost).
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onState?: (listening: boolean) => void,
  ): Promise<() => Promise<void>>;
  /** Cheap liveness probe for /health. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const INT8 = 20;
const NUMERIC = 1700;

/** bigint and numeric columns come back as JS numbers, refused when they would lose precision. */
export function parseSafeInteger(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`integer ${text} is outside the safe range`);
  return n;
}

function parseNumeric(text: string): number {
  const n = Number(text);
  if (Number.isInteger(n) && !Number.isSafeInteger(n))
    throw new RangeError(`numeric ${text} is outside the safe range`);
  return n;
}

async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

export interface DatabaseOptions {
  databaseUrl: string | null;
  dataDir?: string;
  /** In-memory PGlite (tests). */
  memory?: boolean;
  poolSize?: number;
  /** Called once per executed query (tests count round trips with it). */
  onQuery?: () => void;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 20, options.onQuery)
    : openPglite(options);
}

async function openPostgres(connectionString: string, max: number, onQuery?: () => void): Promise<Database> {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8) return parseSafeInteger;
      if (oid === NUMERIC) return parseNumeric;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString, max, types, connectionTimeoutMillis: 20_000 });
  // An idle client losing its server (PostgreSQL restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // Nor may a checked-out one: between two queries of a transaction (or while a caller awaits something else) the pool
  // listens for nothing on it, and the server's "terminating connection" would be an unhandled 'error' event. The
  // next query on it fails instead (503 unavailable), and the pool drops it on release.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), ...(onQuery && { log: () => onQuery() }) });
  const listeners = new Set<() => Promise<void>>();
  return {
    db,
    kind: 'postgres',
    async listen(channel, onPayload, onState) {
      const stop = await listenForever({ connectionString, types }, channel, onPayload, onState);
      const unlisten = async () => {
        listeners.delete(unlisten);
        await stop();
      };
      listeners.add(unlisten);
      return unlisten;
    },
    ping: () => ping(db),
    async close() {
      for (const unlisten of [...listeners]) await unlisten();
      await db.destroy();
    },
  };
}

/**
 * A LISTEN connection that comes back: when it ends (server restart, network), it reconnects with backoff (250 ms
 * doubling to 2 s) and listens again, telling `onState`. The first connection's failure is the caller's.
 */
async function listenForever(
  config: pg.ClientConfig,
  channel: string,
  onPayload: (payload: string) => void,
  onState?: (listening: boolean) => void,
): Promise<() => Promise<void>> {
  let current: pg.Client | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const connect = async () => {
    const client = new pg.Client({ ...config, keepAlive: true });
    client.on('error', () => {}); // 'end' follows, and reconnects
    client.on('notification', (msg) => {
      if (msg.channel === channel) onPayload(msg.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    if (stopped) {
      await client.end().catch(() => {});
      return;
    }
    current = client;
    client.on('end', () => {
      if (current !== client || stopped) return;
      current = null;
      onState?.(false);
      retry(250);
    });
  };
  const retry = (ms: number) => {
    timer = setTimeout(() => {
      connect().then(
        () => !stopped && onState?.(true),
        () => !stopped && retry(Math.min(ms * 2, 2000)),
      );
    }, ms);
    timer.unref();
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    const client = current;
    current = null;
    await client?.end().catch(() => {});
  };
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  let dataDir: string | undefined;
  if (!options.memory) {
    dataDir = options.dataDir ?? './data';
    mkdirSync(dataDir, { recursive: true });
  }
  const client = await PGlite.create(dataDir, {
    parsers: { [INT8]: parseSafeInteger, [NUMERIC]: parseNumeric },
  });
  const onQuery = options.onQuery;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client), ...(onQuery && { log: () => onQuery() }) });
  return {
    db,
    kind: 'pglite',
    async listen(channel, onPayload) {
      return client.listen(channel, onPayload);
    },
    ping: () => ping(db),
    async close() {
      await db.destroy();
    },
  };
}
