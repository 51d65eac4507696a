/**
 * Baseline for the flash sale: the raw conditional hold on one hot row, from many PostgreSQL clients at once.
 * Usage: node --import tsx test/bench/raw-update.ts <databaseUrl> <clients> <seconds>  → prints {"updates": n, "seconds": s}
 */
import pg from 'pg';

const [url, clientsArg, secondsArg] = process.argv.slice(2);
const clients = Number(clientsArg);
const seconds = Number(secondsArg);
const setup = new pg.Client({ connectionString: url });
await setup.connect();
await setup.query(
  'create table if not exists bench_row (id int primary key, on_hand bigint not null, reserved bigint not null)',
);
await setup.query('insert into bench_row values (1, 1000000000, 0) on conflict (id) do update set reserved = 0');
await setup.end();

const pool = Array.from({ length: clients }, () => new pg.Client({ connectionString: url }));
await Promise.all(pool.map((c) => c.connect()));
let updates = 0;
let running = true;
const t0 = performance.now();
setTimeout(() => {
  running = false;
}, seconds * 1000);
await Promise.all(
  pool.map(async (c) => {
    while (running) {
      const r = await c.query('update bench_row set reserved = reserved + 1 where id = 1 and on_hand - reserved >= 1');
      updates += r.rowCount ?? 0;
    }
  }),
);
const elapsed = (performance.now() - t0) / 1000;
await Promise.all(pool.map((c) => c.end()));
console.log(JSON.stringify({ updates, seconds: elapsed }));
