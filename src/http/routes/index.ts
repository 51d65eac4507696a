import type { FastifyPluginAsync } from 'fastify';
import { healthRoutes } from './health.ts';
import { merchantRoutes } from './merchants.ts';

/** Every route plugin; resource routes live under `/v1`. */
export const routes: FastifyPluginAsync = async (app) => {
  await app.register(healthRoutes);
  await app.register(merchantRoutes, { prefix: '/v1' });
};
