import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listMovements, listProducts, rowToProduct } from '../../db/products.ts';
import { getProduct, moveStock, putProduct } from '../../services/catalog.ts';
import { decodeCursor, page } from '../cursor.ts';
import { MovementBody, MovementView, ProductBody, ProductView, StockView, Tag } from '../schemas/catalog.ts';
import { authErrors, ErrorResponse, ListOf, ListQuery, Sku } from '../schemas/common.ts';

const tags = ['catalog'];
const SkuParams = Type.Object({ sku: Sku });

/** Catalog and stock (console): products, the stock ledger. */
export const productRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.services;

  app.put(
    '/products/:sku',
    {
      schema: {
        tags,
        params: SkuParams,
        body: ProductBody,
        response: { 200: ProductView, 201: ProductView, ...authErrors },
      },
    },
    async (request, reply) => {
      const { auth, params, body } = request;
      const { created, product } = await putProduct(db, auth.merchantId, auth.keyId, params.sku, body);
      return reply.status(created ? 201 : 200).send(product);
    },
  );

  app.get(
    '/products/:sku',
    { schema: { tags, params: SkuParams, response: { 200: ProductView, 404: ErrorResponse, ...authErrors } } },
    async (request) => getProduct(db, request.auth.merchantId, request.params.sku),
  );

  app.get(
    '/products',
    {
      schema: {
        tags,
        querystring: Type.Object({ ...ListQuery, tag: Type.Optional(Tag) }, { additionalProperties: false }),
        response: { 200: ListOf(ProductView), ...authErrors },
      },
    },
    async (request) => {
      const { limit = 50, cursor, tag } = request.query;
      const after = decodeCursor<[string]>(cursor, 1)?.[0] ?? null;
      const rows = await listProducts(db, request.auth.merchantId, { tag, after, limit });
      return page(rows, limit, rowToProduct, (r) => [r.sku]);
    },
  );

  app.post(
    '/products/:sku/stock-movements',
    {
      schema: {
        tags,
        params: SkuParams,
        body: MovementBody,
        response: { 200: StockView, 404: ErrorResponse, 409: ErrorResponse, ...authErrors },
      },
    },
    async (request) => moveStock(db, request.auth.merchantId, request.auth.keyId, request.params.sku, request.body),
  );

  app.get(
    '/products/:sku/stock-movements',
    {
      schema: {
        tags,
        params: SkuParams,
        querystring: Type.Object(ListQuery, { additionalProperties: false }),
        response: { 200: ListOf(MovementView), 404: ErrorResponse, ...authErrors },
      },
    },
    async (request) => {
      const { merchantId } = request.auth;
      await getProduct(db, merchantId, request.params.sku);
      const { limit = 50, cursor } = request.query;
      const after = decodeCursor<[number]>(cursor, 1)?.[0] ?? null;
      const rows = await listMovements(db, merchantId, request.params.sku, { after, limit });
      return page(
        rows,
        limit,
        (r) => ({
          id: r.id,
          delta: r.delta,
          reason: r.reason,
          note: r.note,
          ref: r.ref,
          keyId: r.key_id,
          at: r.created_at.toISOString(),
        }),
        (r) => [r.id],
      );
    },
  );
};
