import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../../src/db/database.ts';
import { migrateToLatest } from '../../../src/db/migrate.ts';

export const ADMIN_TOKEN = 'bench-admin-token-0123456789';

export interface BenchDb {
  url: string;
  database: Database;
  drop(): Promise<void>;
}

/** A fresh, migrated database on the `DATABASE_URL` server for one workload. */
export async function benchDatabase(serverUrl: string): Promise<BenchDb> {
  const name = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = await openDatabase({ databaseUrl: url, poolSize: 10 });
  await migrateToLatest(database.db);
  return {
    url,
    database,
    async drop() {
      await database.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function createMerchant(base: string): Promise<{ id: string; console: string; storefront: string }> {
  const res = await fetch(`${base}/v1/merchants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench', currency: 'USD', defaultMinMarginBps: 1000 }),
  });
  if (res.status !== 201) throw new Error(`merchant: ${res.status} ${await res.text()}`);
  const m = (await res.json()) as { id: string; apiKeys: { console: string; storefront: string } };
  return { id: m.id, console: m.apiKeys.console, storefront: m.apiKeys.storefront };
}

export interface Row {
  workload: string;
  metric: string;
  value: string;
  target?: string;
  ok?: boolean;
}

export interface BenchContext {
  quick: boolean;
  databaseUrl: string;
  redisUrl: string;
  rows: Row[];
  /** Correctness failures (oversell, lost event): any makes the bench exit non-zero. */
  failures: string[];
  log(msg: string): void;
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
