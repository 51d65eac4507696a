import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { applyPlan, planSkus } from '../../services/planner.ts';
import { authErrors, Bps, ErrorResponse, Instant, Sku, Strict } from '../schemas/common.ts';
import { Demand, PlanView } from '../schemas/planner.ts';
import { PromotionView } from '../schemas/promotions.ts';

const tags = ['planner'];
const errors = { 404: ErrorResponse, 422: ErrorResponse, ...authErrors };

/** Clearance planner (console): a markdown schedule per SKU, and applying one as a deepening promotion. */
export const plannerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/planner/markdown',
    {
      schema: {
        tags,
        body: Strict({
          skus: Type.Array(Sku, { minItems: 1, maxItems: 100 }),
          deadline: Instant,
          start: Type.Optional(Instant),
          priceStepBps: Type.Optional(Type.Integer({ minimum: 100, maximum: 5000 })),
          periodSeconds: Type.Optional(Type.Integer({ minimum: 3600, maximum: 30 * 86400 })),
          demand: Type.Optional(Demand),
          leftoverValue: Type.Optional(Type.Integer({ minimum: -1e12, maximum: 1e12 })),
        }),
        response: { 200: Type.Object({ plans: Type.Array(PlanView) }), ...errors },
      },
    },
    async (request) => {
      const plans = await planSkus(app.ctx, request.auth.merchantId, { ...request.body, now: Date.now() });
      return {
        plans: plans.map((p) => ({ ...p, steps: p.steps.map((s) => ({ ...s, at: new Date(s.at).toISOString() })) })),
      };
    },
  );

  app.post(
    '/planner/markdown/apply',
    {
      schema: {
        tags,
        body: Strict({
          sku: Sku,
          steps: Type.Array(
            Strict({
              at: Instant,
              percentBps: Type.Union([Type.Literal(0), Bps]),
              price: Type.Optional(Type.Integer()),
            }),
            {
              minItems: 1,
              maxItems: 400,
            },
          ),
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          endsAt: Type.Optional(Instant),
        }),
        response: { 201: PromotionView, 409: ErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { merchantId, keyId } = request.auth;
      return reply.status(201).send(await applyPlan(app.ctx, merchantId, { keyId, plan: request.body }));
    },
  );
};
