import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sellThroughReport } from '../../services/reports.ts';
import { authErrors, ErrorResponse, Id, Instant } from '../schemas/common.ts';
import { SellThroughView } from '../schemas/reports.ts';

/** Reports (console). */
export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/reports/sell-through',
    {
      schema: {
        tags: ['reports'],
        querystring: Type.Object(
          { promotionId: Type.Optional(Id), from: Type.Optional(Instant), to: Type.Optional(Instant) },
          { additionalProperties: false },
        ),
        response: { 200: SellThroughView, 404: ErrorResponse, ...authErrors },
      },
    },
    async (request) => sellThroughReport(app.ctx, request.auth.merchantId, { ...request.query, now: Date.now() }),
  );
};
