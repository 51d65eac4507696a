import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../domain/errors.ts';
import { pricesNow, quoteCart } from '../../services/pricing.ts';
import { authErrors, ErrorResponse, Instant } from '../schemas/common.ts';
import { CustomerId, PriceView, QuoteBody, QuoteView } from '../schemas/storefront.ts';

const tags = ['storefront'];
const SKU_LIST = '^[A-Za-z0-9._-]{1,64}(,[A-Za-z0-9._-]{1,64})*$';

/** Storefront pricing: the price of each SKU now, and a full quote of a cart, each price explained. */
export const storefrontRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { ctx } = app;

  app.post(
    '/quotes',
    {
      config: { access: 'storefront' },
      schema: { tags, body: QuoteBody, response: { 200: QuoteView, 422: ErrorResponse, ...authErrors } },
    },
    async (request) => quoteCart(ctx, request.auth.merchantId, request.body),
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
      const customerId = request.query.customerId ?? null;
      return { items: await pricesNow(ctx, request.auth.merchantId, { skus, customerId, at }) };
    },
  );
};
