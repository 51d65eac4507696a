import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sellThroughReport } from '../../services/reports.ts';
import { authErrors, ErrorResponse, Id, Instant } from '../schemas/common.ts';

const SkuRow = Type.Object({
  sku: Type.String(),
  startOnHand: Type.Integer(),
  unitsSold: Type.Integer(),
  sellThroughBps: Type.Integer(),
  revenue: Type.Integer(),
  discountGiven: Type.Integer(),
  grossMargin: Type.Integer(),
});
const Report = Type.Object({
  promotionId: Type.Union([Type.String(), Type.Null()]),
  from: Type.String(),
  to: Type.String(),
  timezone: Type.String(),
  items: Type.Array(SkuRow),
  daily: Type.Array(Type.Object({ day: Type.String(), unitsSold: Type.Integer(), revenue: Type.Integer() })),
});

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
        response: { 200: Report, 404: ErrorResponse, ...authErrors },
      },
    },
    async (request) => sellThroughReport(app.services.db, request.auth.merchantId, request.query, Date.now()),
  );
};
