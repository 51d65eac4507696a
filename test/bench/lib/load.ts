import autocannon from 'autocannon';

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds; or a fixed number of requests with `amount`. */
  duration?: number;
  amount?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Request bodies (POST) or paths (GET) cycled through, one per request. */
  bodies?: string[];
  paths?: string[];
}

/** Runs autocannon against a server on loopback; counts responses by status. */
export async function load(o: LoadOptions): Promise<LoadResult> {
  let i = 0;
  const statuses: Record<string, number> = {};
  const options = {
    url: o.url,
    connections: o.connections,
    ...(o.amount ? { amount: o.amount } : { duration: o.duration ?? 10 }),
    method: o.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...o.headers },
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => {
          const n = i++;
          if (o.bodies) req.body = o.bodies[n % o.bodies.length];
          if (o.paths) req.path = o.paths[n % o.paths.length];
          return req;
        },
      },
    ],
  } as unknown as autocannon.Options;
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err, result) => (err ? reject(err) : resolve(result)));
    instance.on('response', (_client: unknown, statusCode: number) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
  const requests = Object.values(statuses).reduce((s, n) => s + n, 0);
  return {
    requests,
    rps: requests / (r.duration || 1),
    p50: r.latency.p50,
    p99: r.latency.p99,
    statuses,
    errors: r.errors + r.timeouts,
  };
}
