import type { FastifyPluginAsync } from 'fastify';
import { healthRoutes } from './health.ts';
import { merchantRoutes } from './merchants.ts';
import { productRoutes } from './products.ts';
import { reservationRoutes } from './reservations.ts';
import { storefrontRoutes } from './storefront.ts';

/** Every route plugin; resource routes live under `/v1`. */
export const routes: FastifyPluginAsync = async (app) => {
  await app.register(healthRoutes);
  await app.register(merchantRoutes, { prefix: '/v1' });
  await app.register(productRoutes, { prefix: '/v1' });
  await app.register(storefrontRoutes, { prefix: '/v1' });
  await app.register(reservationRoutes, { prefix: '/v1' });
};
