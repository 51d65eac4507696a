import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createWebhook, getWebhook, listDeliveries, listWebhooks, removeWebhook } from '../../services/webhooks.ts';
import { decodeCursor, page } from '../cursor.ts';
import { authErrors, ErrorResponse, Id, ListOf, ListQuery, Strict } from '../schemas/common.ts';
import { DeliveryView, WebhookView } from '../schemas/webhooks.ts';

const tags = ['events'];
const Params = Type.Object({ id: Id });
const Query = Type.Object(ListQuery, { additionalProperties: false });

/** WebhookView subscriptions and their delivery log (console). */
export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { ctx } = app;

  app.post(
    '/webhooks',
    {
      schema: {
        tags,
        body: Strict({
          url: Type.String({ minLength: 1, maxLength: 2048 }),
          events: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 32, uniqueItems: true }),
        }),
        response: { 201: Type.Object({ ...WebhookView.properties, secret: Type.String() }), ...authErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await createWebhook(ctx, request.auth.merchantId, request.body)),
  );

  app.get(
    '/webhooks',
    { schema: { tags, querystring: Query, response: { 200: ListOf(WebhookView), ...authErrors } } },
    async (request) => {
      const { limit = 50, cursor } = request.query;
      const after = decodeCursor<[string, string]>(cursor, 2);
      const rows = await listWebhooks(ctx, request.auth.merchantId, { after, limit });
      return page(
        rows,
        limit,
        (w) => w,
        (w) => [w.createdAt, w.id],
      );
    },
  );

  app.get(
    '/webhooks/:id',
    { schema: { tags, params: Params, response: { 200: WebhookView, 404: ErrorResponse, ...authErrors } } },
    async (request) => getWebhook(ctx, request.auth.merchantId, request.params.id),
  );

  app.delete(
    '/webhooks/:id',
    { schema: { tags, params: Params, response: { 204: Type.Null(), 404: ErrorResponse, ...authErrors } } },
    async (request, reply) => {
      await removeWebhook(ctx, request.auth.merchantId, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        params: Params,
        querystring: Query,
        response: { 200: ListOf(DeliveryView), 404: ErrorResponse, ...authErrors },
      },
    },
    async (request) => {
      const { limit = 50, cursor } = request.query;
      const after = decodeCursor<[number]>(cursor, 1)?.[0] ?? null;
      const rows = await listDeliveries(ctx, request.auth.merchantId, { id: request.params.id, after, limit });
      return page(
        rows,
        limit,
        (r) => r.item,
        (r) => [r.seq],
      );
    },
  );
};
