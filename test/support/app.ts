import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { createServiceContext, type QueueStatus, type ServiceContext } from '../../src/services/context.ts';
import { freshDatabase, type TestDatabase } from './db.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  app: FastifyInstance;
  ctx: ServiceContext;
  testDb: TestDatabase;
  close(): Promise<void>;
}

export async function startTestApp(
  options: {
    kind?: 'postgres' | 'pglite';
    env?: Record<string, string>;
    queue?: QueueStatus;
    poolSize?: number;
    onQuery?: () => void;
  } = {},
): Promise<TestApp> {
  const testDb = await freshDatabase({ kind: options.kind, poolSize: options.poolSize, onQuery: options.onQuery });
  const config = loadConfig({ ADMIN_TOKEN, STOREFRONT_RATE_LIMIT: '0', LOG_LEVEL: 'silent', ...options.env });
  const ctx = createServiceContext({ config, database: testDb.database, queue: options.queue });
  await ctx.start();
  const app = await buildApp({ ctx });
  await app.ready();
  return {
    app,
    ctx,
    testDb,
    async close() {
      await app.close();
      await ctx.stop();
      await testDb.drop();
    },
  };
}

export interface TestMerchant {
  id: string;
  console: string;
  storefront: string;
}

export async function createTestMerchant(
  app: FastifyInstance,
  body: Record<string, unknown> = { name: 'Test', currency: 'USD' },
): Promise<TestMerchant> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/merchants',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    payload: body,
  });
  if (res.statusCode !== 201) throw new Error(`merchant creation failed: ${res.statusCode} ${res.body}`);
  const m = res.json();
  return { id: m.id, console: m.apiKeys.console, storefront: m.apiKeys.storefront };
}

/** A tiny client bound to one key: `call('POST', '/v1/quotes', body)`. */
export function client(app: FastifyInstance, key: string) {
  return (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${key}`, ...headers },
      ...(payload !== undefined && { payload: payload as object }),
    }) as Promise<LightMyRequestResponse>;
}
