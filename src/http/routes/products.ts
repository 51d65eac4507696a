import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { rowToProduct } from '../../db/products.ts';
import { getProduct, listMovements, listProducts, moveStock, putProduct } from '../../services/catalog.ts';
import { decodeCursor, page } from '../cursor.ts';
import { MovementBody, MovementView, ProductBody, ProductView, StockView, Tag } from '../schemas/catalog.ts';
import { authErrors, ErrorResponse, ListOf, ListQuery, Sku } from '../schemas/common.ts';

const tags = ['catalog'];
const SkuParams = Type.Object({ sku: Sku });

/** Catalog and stock (console): products, the stock ledger. */
export const productRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { ctx } = app;

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
      const { merchantId, keyId } = request.auth;
      const { created, product } = await putProduct(ctx, merchantId, {
        keyId,
        sku: request.params.sku,
        product: request.body,
      });
      return reply.status(created ? 201 : 200).send(product);
    },
  );

  app.get(
    '/products/:sku',
    { schema: { tags, params: SkuParams, response: { 200: ProductView, 404: ErrorResponse, ...authErrors } } },
    async (request) => getProduct(ctx, request.auth.merchantId, request.params.sku),
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
      const rows = await listProducts(ctx, request.auth.merchantId, { tag, after, limit });
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
    async (request) => {
      const { merchantId, keyId } = request.auth;
      return moveStock(ctx, merchantId, { keyId, sku: request.params.sku, movement: request.body });
    },
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
      const { limit = 50, cursor } = request.query;
      const after = decodeCursor<[number]>(cursor, 1)?.[0] ?? null;
      const rows = await listMovements(ctx, request.auth.merchantId, { sku: request.params.sku, after, limit });
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
