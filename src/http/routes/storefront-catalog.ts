import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listProducts } from '../../db/products.ts';
import { decodeCursor, page } from '../cursor.ts';
import { Tag } from '../schemas/catalog.ts';
import { authErrors, ListQuery } from '../schemas/common.ts';

const CatalogItem = Type.Object({ sku: Type.String(), name: Type.String(), tags: Type.Array(Type.String()) });

/**
 * What a storefront may show of the catalog: names and tags, never costs, floors or stock ledgers. Prices come from
 * `GET /v1/prices`. The merchant's currency rides along so a shop can format money before its first quote.
 */
export const storefrontCatalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.services;
  app.get(
    '/catalog',
    {
      config: { access: 'storefront' },
      schema: {
        tags: ['storefront'],
        querystring: Type.Object({ ...ListQuery, tag: Type.Optional(Tag) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            items: Type.Array(CatalogItem),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
            currency: Type.String(),
          }),
          ...authErrors,
        },
      },
    },
    async (request) => {
      const { merchantId } = request.auth;
      const { limit = 50, cursor, tag } = request.query;
      const after = decodeCursor<[string]>(cursor, 1)?.[0] ?? null;
      const [rows, currency] = await Promise.all([
        listProducts(db, merchantId, { tag, after, limit }),
        app.services.currencyOf(merchantId),
      ]);
      const list = page(
        rows,
        limit,
        (r) => ({ sku: r.sku, name: r.name, tags: r.tags }),
        (r) => [r.sku],
      );
      return { ...list, currency };
    },
  );
};
