import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** The PostgreSQL server tests use, when `DATABASE_URL` is set; otherwise tests run on embedded PGlite. */
export const DATABASE_URL = process.env.DATABASE_URL || null;
export const REDIS_URL = process.env.REDIS_URL || null;

export interface TestDatabase {
  database: Database;
  /** URL of the fresh database (PostgreSQL only), for a second process or a raw client. */
  url: string | null;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh, migrated database for one test file: a new PostgreSQL database on the `DATABASE_URL` server, or an
 * in-memory PGlite. Each file gets its own, so files run in parallel without seeing each other's rows.
 */
export async function freshDatabase(
  options: { kind?: 'postgres' | 'pglite'; poolSize?: number; onQuery?: () => void } = {},
): Promise<TestDatabase> {
  const kind = options.kind ?? (DATABASE_URL ? 'postgres' : 'pglite');
  if (kind === 'pglite') {
    const database = await openDatabase({ databaseUrl: null, memory: true, onQuery: options.onQuery });
    await migrateToLatest(database.db);
    return { database, url: null, drop: () => database.close() };
  }
  if (!DATABASE_URL) throw new Error('freshDatabase({ kind: "postgres" }) needs DATABASE_URL');
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(DATABASE_URL, name);
  const database = await openDatabase({ databaseUrl: url, poolSize: options.poolSize ?? 20, onQuery: options.onQuery });
  await migrateToLatest(database.db);
  return {
    database,
    url,
    async drop() {
      await database.close();
      const c = new pg.Client({ connectionString: DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Database kinds an integration suite runs against: always PGlite, and PostgreSQL when `DATABASE_URL` is set. */
export function databaseKinds(): ('pglite' | 'postgres')[] {
  return DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** Prints, once per file, why a PostgreSQL-only suite does not run; never skip silently. */
export function announceSkip(suite: string, need: string): void {
  console.warn(`SKIPPED ${suite}: needs ${need} (set it to run this suite; CI sets it)`);
}
