import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  db: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  queue: Type.Union([Type.Literal('up'), Type.Literal('down')]),
});

/** `GET /health`: 200 while the API can serve; `degraded` when the queue or the database is away. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    { config: { access: 'public' }, schema: { tags: ['operations'], security: [], response: { 200: Health } } },
    async () => {
      const db = (await app.ctx.database.ping()) ? 'up' : 'down';
      const queue = app.ctx.queue.isUp() ? 'up' : 'down';
      return { status: db === 'up' && queue === 'up' ? 'ok' : 'degraded', db, queue } as const;
    },
  );
};
