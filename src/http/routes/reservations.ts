import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { cancelReservation, confirmReservation, getReservation, reserve } from '../../services/reservations.ts';
import { authErrors, ErrorResponse, Id } from '../schemas/common.ts';
import { ConfirmedView, IdempotencyHeaders, ReservationView, ReserveBody } from '../schemas/storefront.ts';

const tags = ['storefront'];
const IdParams = Type.Object({ id: Id });
const errors = { 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse, ...authErrors };

/** Checkout: hold stock and promotion caps, then confirm into an order or cancel. */
export const reservationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { ctx } = app;

  app.post(
    '/reservations',
    {
      config: { access: 'storefront' },
      schema: { tags, headers: IdempotencyHeaders, body: ReserveBody, response: { 201: ReservationView, ...errors } },
    },
    async (request, reply) => {
      const idempotencyKey = request.headers['idempotency-key'];
      const { status, body } = await reserve(ctx, request.auth.merchantId, { ...request.body, idempotencyKey });
      return reply.status(status).send(body);
    },
  );

  app.get(
    '/reservations/:id',
    {
      config: { access: 'storefront' },
      schema: { tags, params: IdParams, response: { 200: ReservationView, ...errors } },
    },
    async (request) => getReservation(ctx, request.auth.merchantId, request.params.id),
  );

  app.post(
    '/reservations/:id/confirm',
    {
      config: { access: 'storefront' },
      schema: { tags, params: IdParams, headers: IdempotencyHeaders, response: { 200: ConfirmedView, ...errors } },
    },
    async (request) =>
      confirmReservation(ctx, request.auth.merchantId, {
        id: request.params.id,
        idempotencyKey: request.headers['idempotency-key'],
      }),
  );

  app.post(
    '/reservations/:id/cancel',
    {
      config: { access: 'storefront' },
      schema: {
        tags,
        params: IdParams,
        response: { 200: Type.Object({ id: Type.String(), status: Type.Literal('cancelled') }), ...errors },
      },
    },
    async (request) => cancelReservation(ctx, request.auth.merchantId, request.params.id),
  );
};
