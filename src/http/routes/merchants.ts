import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  createMerchant,
  getMerchant,
  issueApiKey,
  listApiKeys,
  revokeApiKey,
  updateMerchant,
} from '../../services/merchants.ts';
import { authErrors, ErrorResponse, Id, Strict } from '../schemas/common.ts';
import { KeyInfo, Margin, MerchantView, Role } from '../schemas/merchants.ts';

/** Merchants (admin token), the calling merchant's settings, and API keys. */
export const merchantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { ctx } = app;
  const tags = ['merchants'];
  app.post(
    '/merchants',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        body: Strict({
          name: Type.String({ minLength: 1, maxLength: 200 }),
          currency: Type.String({ pattern: '^[A-Z]{3}$' }),
          timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          defaultMinMarginBps: Type.Optional(Margin),
        }),
        response: {
          201: Type.Object({
            ...MerchantView.properties,
            apiKeys: Type.Object({ console: Type.String(), storefront: Type.String() }),
          }),
          ...authErrors,
        },
      },
    },
    async (request, reply) => reply.status(201).send(await createMerchant(ctx, request.body)),
  );

  app.get('/merchant', { schema: { tags, response: { 200: MerchantView, ...authErrors } } }, async (request) =>
    getMerchant(ctx, request.auth.merchantId),
  );

  app.patch(
    '/merchant',
    {
      schema: {
        tags,
        body: Strict({
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          defaultMinMarginBps: Type.Optional(Margin),
        }),
        response: { 200: MerchantView, ...authErrors },
      },
    },
    async (request) => {
      const { merchantId, keyId } = request.auth;
      return updateMerchant(ctx, merchantId, { keyId, patch: request.body });
    },
  );

  app.post(
    '/api-keys',
    {
      schema: {
        tags,
        body: Strict({ role: Role }),
        response: { 201: Type.Object({ id: Type.String(), role: Role, key: Type.String() }), ...authErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await issueApiKey(ctx, request.auth.merchantId, request.body.role)),
  );

  app.get(
    '/api-keys',
    { schema: { tags, response: { 200: Type.Object({ items: Type.Array(KeyInfo) }), ...authErrors } } },
    async (request) => ({ items: await listApiKeys(ctx, request.auth.merchantId) }),
  );

  app.delete(
    '/api-keys/:id',
    {
      schema: {
        tags,
        params: Type.Object({ id: Id }),
        response: { 204: Type.Null(), 404: ErrorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      await revokeApiKey(ctx, request.auth.merchantId, request.params.id);
      app.forgetKeys();
      return reply.status(204).send(null);
    },
  );
};
