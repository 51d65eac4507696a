import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { cancelReservation, confirmReservation, getReservation } from '../../db/orders.ts';
import type { Quote } from '../../domain/pricing/types.ts';
import { type HeldReservation, reserve } from '../../services/reservations.ts';
import { authErrors, ErrorResponse, Id } from '../schemas/common.ts';
import { IdempotencyHeaders, quoteView, ReservationView, ReserveBody } from '../schemas/storefront.ts';

const tags = ['storefront'];
const IdParams = Type.Object({ id: Id });
const errors = { 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse, ...authErrors };

/** Checkout: hold stock and promotion caps, then confirm into an order or cancel. */
export const reservationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const withCurrency = async <T extends { quote: Quote }>(merchantId: string, r: T) => ({
    ...r,
    quote: quoteView(r.quote, await services.currencyOf(merchantId)),
  });

  app.post(
    '/reservations',
    {
      config: { access: 'storefront' },
      schema: { tags, headers: IdempotencyHeaders, body: ReserveBody, response: { 201: ReservationView, ...errors } },
    },
    async (request, reply) => {
      const { merchantId } = request.auth;
      const deps = {
        db: services.db,
        pricing: services.pricing,
        limiter: services.limiter,
        currency: await services.currencyOf(merchantId),
        onHeld: services.jobs.reservationHeld,
      };
      const { status, body } = await reserve(deps, merchantId, request.body, request.headers['idempotency-key']);
      return reply.status(status).send(await withCurrency(merchantId, body as HeldReservation));
    },
  );

  app.get(
    '/reservations/:id',
    {
      config: { access: 'storefront' },
      schema: { tags, params: IdParams, response: { 200: ReservationView, ...errors } },
    },
    async (request) => {
      const { merchantId } = request.auth;
      return withCurrency(merchantId, await getReservation(services.db, merchantId, request.params.id));
    },
  );

  app.post(
    '/reservations/:id/confirm',
    {
      config: { access: 'storefront' },
      schema: {
        tags,
        params: IdParams,
        headers: IdempotencyHeaders,
        response: {
          200: Type.Object({
            id: Type.String(),
            status: Type.Literal('confirmed'),
            orderId: Type.String(),
            total: Type.Integer(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { merchantId } = request.auth;
      const currency = await services.currencyOf(merchantId);
      return confirmReservation(
        services.db,
        merchantId,
        currency,
        request.params.id,
        request.headers['idempotency-key'],
      );
    },
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
    async (request) => cancelReservation(services.db, request.auth.merchantId, request.params.id),
  );
};
