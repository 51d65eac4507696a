import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createMerchant } from '../../src/services/merchants.ts';
import { freePort, http, sleep, spawnApi } from './lib/processes.ts';
import { startOwnPostgres, startOwnRedis } from './lib/servers.ts';

const pg = await startOwnPostgres();
const redis = await startOwnRedis();
const db = await openDatabase({ databaseUrl: pg.url, poolSize: 1 });
await migrateToLatest(db.db);
const m = await createMerchant(db, { name: 'x', currency: 'USD' });
await db.close();
const api = await spawnApi('api', await freePort(), {
  DATABASE_URL: pg.url,
  REDIS_URL: redis.url,
  ADMIN_TOKEN: 'test-admin-token-0123456789',
  LOG_LEVEL: 'warn',
});
const c = http(api.url, m.apiKeys.console);
await c('PUT', '/v1/products/A', { name: 'A', listPrice: 1000, unitCost: 100 });
await c('POST', '/v1/products/A/stock-movements', { delta: 100000, reason: 'receipt' });
let run = true;
const loop = async (i: number) => {
  while (run) {
    try {
      const kind = i % 3;
      if (kind === 0) await c('POST', '/v1/quotes', { lines: [{ sku: 'A', quantity: 1 }] });
      else if (kind === 1) {
        const r = await c('POST', '/v1/reservations', { lines: [{ sku: 'A', quantity: 1 }] });
        if (r.status === 201) await c('POST', `/v1/reservations/${r.json.id}/confirm`);
      } else await c('GET', '/v1/prices?skus=A');
    } catch {
      await sleep(50);
    }
  }
};
const loops = Array.from({ length: 8 }, (_, i) => loop(i));
await sleep(1000);
pg.stop('fast');
await sleep(1500);
console.log('alive', api.alive());
run = false;
await Promise.all(loops);
console.log(
  api
    .output()
    .split('\n')
    .filter((l) => !l.includes('database unavailable'))
    .join('\n')
    .slice(-4000),
);
await api.stop('SIGKILL');
pg.destroy();
await redis.destroy();
