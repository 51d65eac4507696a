import type { FastifyPluginAsync } from 'fastify';
import { healthRoutes } from './health.ts';
import { importRoutes } from './imports.ts';
import { merchantRoutes } from './merchants.ts';
import { plannerRoutes } from './planner.ts';
import { productRoutes } from './products.ts';
import { promotionRoutes } from './promotions.ts';
import { reportRoutes } from './reports.ts';
import { reservationRoutes } from './reservations.ts';
import { storefrontRoutes } from './storefront.ts';
import { storefrontCatalogRoutes } from './storefront-catalog.ts';
import { webhookRoutes } from './webhooks.ts';

/** Every route plugin; resource routes live under `/v1`. */
export const routes: FastifyPluginAsync = async (app) => {
  await app.register(healthRoutes);
  await app.register(merchantRoutes, { prefix: '/v1' });
  await app.register(productRoutes, { prefix: '/v1' });
  await app.register(promotionRoutes, { prefix: '/v1' });
  await app.register(plannerRoutes, { prefix: '/v1' });
  await app.register(storefrontRoutes, { prefix: '/v1' });
  await app.register(storefrontCatalogRoutes, { prefix: '/v1' });
  await app.register(reservationRoutes, { prefix: '/v1' });
  await app.register(webhookRoutes, { prefix: '/v1' });
  await app.register(importRoutes, { prefix: '/v1' });
  await app.register(reportRoutes, { prefix: '/v1' });
};
