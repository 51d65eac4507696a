import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../domain/errors.ts';
import { assertDistinctSkus } from '../../services/pricing.ts';
import { authErrors, ErrorResponse, Instant } from '../schemas/common.ts';
import { CustomerId, PriceView, QuoteBody, QuoteView, quoteView } from '../schemas/storefront.ts';

const tags = ['storefront'];
const SKU_LIST = '^[A-Za-z0-9._-]{1,64}(,[A-Za-z0-9._-]{1,64})*$';

/** Storefront pricing: the price of each SKU now, and a full quote of a cart, each price explained. */
export const storefrontRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, pricing } = app.services;

  app.post(
    '/quotes',
    {
      config: { access: 'storefront' },
      schema: { tags, body: QuoteBody, response: { 200: QuoteView, 422: ErrorResponse, ...authErrors } },
    },
    async (request) => {
      const { merchantId } = request.auth;
      const { lines, customerId, at } = request.body;
      assertDistinctSkus(lines);
      const when = at ? Date.parse(at) : Date.now();
      const [{ quote }, currency] = await Promise.all([
        pricing.priceCart(db, merchantId, { lines, customerId: customerId ?? null }, when),
        app.services.currencyOf(merchantId),
      ]);
      return quoteView(quote, currency);
    },
  );

  app.get(
    '/prices',
    {
      config: { access: 'storefront' },
      schema: {
        tags,
        querystring: Type.Object(
          {
            skus: Type.String({ pattern: SKU_LIST, maxLength: 13200 }),
            customerId: Type.Optional(CustomerId),
            at: Type.Optional(Instant),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(PriceView) }), 422: ErrorResponse, ...authErrors },
      },
    },
    async (request) => {
      const skus = [...new Set(request.query.skus.split(','))];
      if (skus.length > 200)
        throw new AppError('bad_request', 'querystring/skus: at most 200 SKUs', { field: 'querystring/skus' });
      const at = request.query.at ? Date.parse(request.query.at) : Date.now();
      const items = await pricing.prices(db, request.auth.merchantId, skus, request.query.customerId ?? null, at);
      return { items };
    },
  );
};
