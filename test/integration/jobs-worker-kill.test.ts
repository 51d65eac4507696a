import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitEvent } from '../../src/db/events.ts';
import { client, createTestMerchant } from '../support/app.ts';
import { REDIS_URL } from '../support/db.ts';
import {
  freshPrefix,
  type JobsTestApp,
  jobEnv,
  jobsAvailable,
  startJobsApp,
  startReceiver,
  waitFor,
} from '../support/jobs.ts';

const run = jobsAvailable('jobs-worker-kill');

describe.runIf(run)('a worker killed mid-job', () => {
  let t: JobsTestApp;
  const prefix = freshPrefix('kill');
  const children: ChildProcess[] = [];
  const spawnWorker = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'jobs/main.ts'], {
      env: { ...process.env, ...jobEnv(prefix), DATABASE_URL: t.testDb.url!, REDIS_URL: REDIS_URL!, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(child);
    return child;
  };
  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });

  beforeAll(async () => {
    // This process only serves the API; the workers are child processes.
    t = await startJobsApp({ prefix, runWorker: false });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await t?.close();
  });

  it('loses no event: the delivery is retried by another worker and the receiver sees one event id', async () => {
    const receiver = await startReceiver((n) => (n === 1 ? 'hang' : 200));
    try {
      const m = await createTestMerchant(t.app);
      const call = client(t.app, m.console);
      const hook = (await call('POST', '/v1/webhooks', { url: receiver.url, events: ['stock.low'] })).json();
      const first = spawnWorker();
      await t.ctx.db.transaction().execute((trx) => emitEvent(trx, m.id, 'stock.low', { sku: 'X', available: 0 }));
      await waitFor('the first delivery attempt', () => receiver.requests.length === 1, 20_000);
      first.kill('SIGKILL');
      await exited(first);

      const second = spawnWorker();
      await waitFor('the retried delivery', () => receiver.requests.length >= 2, 20_000);
      await new Promise((r) => setTimeout(r, 1000));
      const ids = new Set(receiver.requests.map((r) => r.json.id));
      expect(ids.size).toBe(1);
      expect(receiver.requests.length).toBe(2);
      const log = (await call('GET', `/v1/webhooks/${hook.id}/deliveries`)).json().items;
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ eventId: [...ids][0], status: 'delivered', lastStatusCode: 200 });

      // SIGTERM: the worker finishes its jobs, closes Redis and the database, and exits cleanly.
      second.kill('SIGTERM');
      expect(await exited(second)).toBe(0);
    } finally {
      await receiver.close();
    }
  });
});
