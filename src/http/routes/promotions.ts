import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PromotionInput } from '../../domain/pricing/index.ts';
import { transition } from '../../services/promotion-transitions.ts';
import {
  createPromotion,
  getPromotion,
  listPromotions,
  patchPromotion,
  previewNew,
  promotionHistory,
} from '../../services/promotions.ts';
import { decodeCursor, page } from '../cursor.ts';
import { authErrors, ErrorResponse, Id, ListOf, ListQuery } from '../schemas/common.ts';
import {
  HistoryEntry,
  PreviewView,
  PromotionBody,
  PromotionPatch,
  PromotionView,
  StatusQuery,
} from '../schemas/promotions.ts';

const tags = ['promotions'];
const IdParams = Type.Object({ id: Id });
const errors = { 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse, ...authErrors };

/** Promotions (console): create with the margin guard, preview, list by status, patch, pause/resume/end, history. */
export const promotionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { ctx } = app;

  app.post(
    '/promotions',
    { schema: { tags, body: PromotionBody, response: { 201: PromotionView, ...errors } } },
    async (request, reply) => {
      const { merchantId, keyId } = request.auth;
      const promotion = request.body as PromotionInput;
      return reply.status(201).send(await createPromotion(ctx, merchantId, { keyId, promotion }));
    },
  );

  app.post(
    '/promotions/preview',
    { schema: { tags, body: PromotionBody, response: { 200: PreviewView, ...errors } } },
    async (request) => previewNew(ctx, request.auth.merchantId, request.body as PromotionInput),
  );

  app.get(
    '/promotions',
    {
      schema: {
        tags,
        querystring: Type.Object({ ...ListQuery, status: Type.Optional(StatusQuery) }, { additionalProperties: false }),
        response: { 200: ListOf(PromotionView), ...authErrors },
      },
    },
    async (request) => {
      const { limit = 50, cursor, status } = request.query;
      const after = decodeCursor<[string, string]>(cursor, 2);
      const rows = await listPromotions(ctx, request.auth.merchantId, { status, after, limit });
      return page(
        rows,
        limit,
        (r) => r.view,
        (r) => [r.row.created_at.toISOString(), r.row.id],
      );
    },
  );

  app.get(
    '/promotions/:id',
    { schema: { tags, params: IdParams, response: { 200: PromotionView, ...errors } } },
    async (request) => getPromotion(ctx, request.auth.merchantId, request.params.id),
  );

  app.patch(
    '/promotions/:id',
    { schema: { tags, params: IdParams, body: PromotionPatch, response: { 200: PromotionView, ...errors } } },
    async (request) => {
      const { merchantId, keyId } = request.auth;
      const patch = request.body as Partial<PromotionInput>;
      return patchPromotion(ctx, merchantId, { keyId, id: request.params.id, patch });
    },
  );

  for (const action of ['pause', 'resume', 'end'] as const) {
    app.post(
      `/promotions/:id/${action}`,
      { schema: { tags, params: IdParams, response: { 200: PromotionView, ...errors } } },
      async (request) => {
        const { merchantId, keyId } = request.auth;
        return transition(ctx, merchantId, { keyId, id: request.params.id, action });
      },
    );
  }

  app.get(
    '/promotions/:id/history',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: Type.Object(ListQuery, { additionalProperties: false }),
        response: { 200: ListOf(HistoryEntry), ...errors },
      },
    },
    async (request) => {
      const { limit = 50, cursor } = request.query;
      const after = decodeCursor<[number]>(cursor, 1)?.[0] ?? null;
      const rows = await promotionHistory(ctx, request.auth.merchantId, { id: request.params.id, after, limit });
      return page(
        rows,
        limit,
        (r) => ({ at: r.created_at.toISOString(), keyId: r.key_id, change: r.change }),
        (r) => [r.id],
      );
    },
  );
};
