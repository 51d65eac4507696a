import { claimUnrelayed, markRelayed } from '../src/db/deliveries.ts';
import { OUTBOX_CHANNEL } from '../src/db/events.ts';
import type { JobContext } from './context.ts';
import { bounded } from './producers.ts';
import { QUEUES } from './queues.ts';

const BATCH = 200;

export interface Relay {
  /** Relay now (NOTIFY arrived, Redis came back). Calls while a pass runs coalesce into one more pass. */
  kick(): void;
  close(): Promise<void>;
}

/**
 * Moves outbox rows to the `events` queue. Rows are claimed `FOR UPDATE SKIP LOCKED` (relays in other processes skip
 * them), added with `jobId` = the event id (a re-add is a no-op), and marked `relayed_at` only after Redis took them,
 * in the same transaction — so a crash or a dead Redis leaves them pending, never lost. LISTEN gives low lag; a
 * periodic poll is the backstop for a missed notification.
 */
export async function startRelay(ctx: JobContext): Promise<Relay> {
  let running = false;
  let again = false;
  let closed = false;
  let idle: Promise<void> = Promise.resolve();

  const relayBatch = async (): Promise<number> => {
    if (!ctx.isUp()) return 0;
    return ctx.db.transaction().execute(async (trx) => {
      const rows = await claimUnrelayed(trx, BATCH);
      if (rows.length === 0) return 0;
      const jobs = rows.map((r) => QUEUES.events.jobs.fanOut(r.event_id));
      await bounded(ctx.queues.events.addBulk(jobs), ctx.config.redisCommandTimeoutMs, 'outbox relay');
      await markRelayed(
        trx,
        rows.map((r) => r.id),
      );
      return rows.length;
    });
  };

  const pass = async () => {
    try {
      do {
        again = false;
        while (!closed && (await relayBatch()) === BATCH) {}
      } while (again && !closed);
    } catch (err) {
      ctx.logger.warn({ err }, 'outbox relay: pass failed; events stay in the outbox and are retried');
    } finally {
      running = false;
    }
  };

  const kick = () => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    idle = pass();
  };

  const unlisten = await ctx.database.listen(OUTBOX_CHANNEL, kick);
  const timer = setInterval(kick, ctx.config.outboxPollMs);
  timer.unref();
  kick();
  return {
    kick,
    async close() {
      closed = true;
      clearInterval(timer);
      await unlisten();
      await idle;
    },
  };
}
