import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listCatalog } from '../../services/catalog.ts';
import { decodeCursor, page } from '../cursor.ts';
import { Tag } from '../schemas/catalog.ts';
import { authErrors, ListQuery } from '../schemas/common.ts';
import { CatalogPage } from '../schemas/storefront.ts';

/**
 * What a storefront may show of the catalog: names and tags, never costs, floors or stock ledgers. Prices come from
 * `GET /v1/prices`. The merchant's currency rides along so a shop can format money before its first quote.
 */
export const storefrontCatalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { ctx } = app;
  app.get(
    '/catalog',
    {
      config: { access: 'storefront' },
      schema: {
        tags: ['storefront'],
        querystring: Type.Object({ ...ListQuery, tag: Type.Optional(Tag) }, { additionalProperties: false }),
        response: { 200: CatalogPage, ...authErrors },
      },
    },
    async (request) => {
      const { limit = 50, cursor, tag } = request.query;
      const after = decodeCursor<[string]>(cursor, 1)?.[0] ?? null;
      const { rows, currency } = await listCatalog(ctx, request.auth.merchantId, { tag, after, limit });
      const list = page(
        rows,
        limit,
        (r) => r,
        (r) => [r.sku],
      );
      return { ...list, currency };
    },
  );
};
