import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { issueKey, listKeys, revokeKey } from '../../db/api-keys.ts';
import { findMerchant, updateMerchantDefaults } from '../../db/merchants.ts';
import { AppError } from '../../domain/errors.ts';
import { createMerchant } from '../../services/merchants.ts';
import { authErrors, ErrorResponse, Id, Strict } from '../schemas/common.ts';

const Margin = Type.Integer({ minimum: 0, maximum: 9999 });
const Merchant = Type.Object({
  id: Type.String(),
  name: Type.String(),
  currency: Type.String(),
  timezone: Type.String(),
  defaultMinMarginBps: Type.Integer(),
});
const Role = Type.Union([Type.Literal('console'), Type.Literal('storefront')]);
const KeyInfo = Type.Object({
  id: Type.String(),
  role: Role,
  prefix: Type.String(),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

/** Merchants (admin token), the calling merchant's settings, and API keys. */
export const merchantRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
            ...Merchant.properties,
            apiKeys: Type.Object({ console: Type.String(), storefront: Type.String() }),
          }),
          ...authErrors,
        },
      },
    },
    async (request, reply) => reply.status(201).send(await createMerchant(app.services.db, request.body)),
  );

  app.get('/merchant', { schema: { tags, response: { 200: Merchant, ...authErrors } } }, async (request) => {
    const m = await findMerchant(app.services.db, request.auth.merchantId);
    if (!m) throw new AppError('not_found', 'merchant not found');
    return m;
  });

  app.patch(
    '/merchant',
    {
      schema: {
        tags,
        body: Strict({
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          defaultMinMarginBps: Type.Optional(Margin),
        }),
        response: { 200: Merchant, ...authErrors },
      },
    },
    async (request) =>
      updateMerchantDefaults(app.services.db, request.auth.merchantId, request.auth.keyId, request.body),
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
      reply.status(201).send(await issueKey(app.services.db, request.auth.merchantId, request.body.role)),
  );

  app.get(
    '/api-keys',
    { schema: { tags, response: { 200: Type.Object({ items: Type.Array(KeyInfo) }), ...authErrors } } },
    async (request) => ({ items: await listKeys(app.services.db, request.auth.merchantId) }),
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
      if (!(await revokeKey(app.services.db, request.auth.merchantId, request.params.id))) {
        throw new AppError('not_found', `no live API key ${request.params.id}`);
      }
      app.forgetKeys();
      return reply.status(204).send(null);
    },
  );
};
