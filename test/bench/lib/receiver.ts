import { createServer, type Server } from 'node:http';

export interface Received {
  id: string;
  type: string;
  at: string;
  data: Record<string, unknown>;
  receivedAt: number;
}

/** A loopback webhook receiver that records each delivery once per event id (and counts duplicates). */
export async function startReceiver(): Promise<{
  url: string;
  events: Map<string, Received>;
  duplicates: () => number;
  close(): Promise<void>;
}> {
  const events = new Map<string, Received>();
  let duplicates = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const receivedAt = Date.now();
      try {
        const e = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<Received, 'receivedAt'>;
        if (events.has(e.id)) duplicates++;
        else events.set(e.id, { ...e, receivedAt });
      } catch {
        // not ours
      }
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    events,
    duplicates: () => duplicates,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
