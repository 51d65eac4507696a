import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db } from './database.ts';
import * as m0001 from './migrations/0001_core.ts';
import * as m0002 from './migrations/0002_jobs.ts';
import * as m0003 from './migrations/0003_reserve_function.ts';
import * as m0004 from './migrations/0004_low_stock.ts';
import * as m0005 from './migrations/0005_events_and_holds.ts';

/** Migrations are listed here (not read from disk) so they work the same under tsx, bundlers and tests. */
const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_jobs': m0002,
  '0003_reserve_function': m0003,
  '0004_low_stock': m0004,
  '0005_events_and_holds': m0005,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String((error as Error)?.message ?? error)}`);
  }
}
