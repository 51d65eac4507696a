import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listDeliveries, listWebhooks } from '../../db/webhooks.ts';
import { createWebhook, getWebhook, removeWebhook } from '../../services/webhooks.ts';
import { decodeCursor, page } from '../cursor.ts';
import { authErrors, ErrorResponse, Id, ListOf, ListQuery, Strict } from '../schemas/common.ts';

const tags = ['events'];
const Webhook = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  createdAt: Type.String(),
});
const Delivery = Type.Object({
  eventId: Type.String(),
  eventType: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
});
const Params = Type.Object({ id: Id });
const Query = Type.Object(ListQuery, { additionalProperties: false });

/** Webhook subscriptions and their delivery log (console). */
export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.services;

  app.post(
    '/webhooks',
    {
      schema: {
        tags,
        body: Strict({
          url: Type.String({ minLength: 1, maxLength: 2048 }),
          events: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 32, uniqueItems: true }),
        }),
        response: { 201: Type.Object({ ...Webhook.properties, secret: Type.String() }), ...authErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await createWebhook(db, request.auth.merchantId, request.body)),
  );

  app.get(
    '/webhooks',
    { schema: { tags, querystring: Query, response: { 200: ListOf(Webhook), ...authErrors } } },
    async (request) => {
      const { limit = 50, cursor } = request.query;
      const after = decodeCursor<[string, string]>(cursor, 2);
      const rows = await listWebhooks(db, request.auth.merchantId, { after, limit });
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
    { schema: { tags, params: Params, response: { 200: Webhook, 404: ErrorResponse, ...authErrors } } },
    async (request) => getWebhook(db, request.auth.merchantId, request.params.id),
  );

  app.delete(
    '/webhooks/:id',
    { schema: { tags, params: Params, response: { 204: Type.Null(), 404: ErrorResponse, ...authErrors } } },
    async (request, reply) => {
      await removeWebhook(db, request.auth.merchantId, request.params.id);
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
        response: { 200: ListOf(Delivery), 404: ErrorResponse, ...authErrors },
      },
    },
    async (request) => {
      const { limit = 50, cursor } = request.query;
      await getWebhook(db, request.auth.merchantId, request.params.id);
      const after = decodeCursor<[number]>(cursor, 1)?.[0] ?? null;
      const rows = await listDeliveries(db, request.auth.merchantId, request.params.id, { after, limit });
      return page(
        rows,
        limit,
        (r) => r.item,
        (r) => [r.seq],
      );
    },
  );
};
