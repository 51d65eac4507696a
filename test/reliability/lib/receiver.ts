import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  id: string;
  type: string;
  merchantId: string;
  data: Record<string, unknown>;
  at: number;
}

/**
 * A loopback webhook receiver that counts what a real receiver cares about: distinct event ids, and duplicates — an
 * id delivered again after this receiver already acknowledged it with a 2xx that reached the sender. (A retry after a
 * request that was never answered, or whose answer never arrived, is the sender doing its job, not a duplicate.)
 * `hold()` keeps requests waiting unanswered, so a worker can be killed mid-delivery.
 */
export async function startCountingReceiver() {
  const acked = new Map<string, number>();
  const seen = new Map<string, Delivery>();
  const requests: Delivery[] = [];
  let duplicates = 0;
  let holding = false;
  const held: { res: ServerResponse; id: string }[] = [];

  const ack = (res: ServerResponse, id: string) => {
    if (res.socket?.destroyed || res.destroyed) return; // the sender is gone: nothing was acknowledged
    res.writeHead(200).end(() => {
      const n = acked.get(id) ?? 0;
      if (n > 0) duplicates++;
      acked.set(id, n + 1);
    });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Omit<Delivery, 'at'>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      const d = { ...body, at: Date.now() };
      requests.push(d);
      if (!seen.has(d.id)) seen.set(d.id, d);
      if (holding) held.push({ res, id: d.id });
      else ack(res, d.id);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    /** First delivery of each distinct id. */
    distinct: () => [...seen.values()],
    ackedIds: () => new Set(acked.keys()),
    duplicates: () => duplicates,
    heldCount: () => held.length,
    hold() {
      holding = true;
    },
    /** Answers everything held (to senders still listening) and stops holding. */
    release() {
      holding = false;
      for (const h of held.splice(0)) ack(h.res, h.id);
    },
    async close() {
      holding = false;
      for (const h of held.splice(0)) h.res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type CountingReceiver = Awaited<ReturnType<typeof startCountingReceiver>>;
