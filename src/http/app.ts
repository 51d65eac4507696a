import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { AppError } from '../domain/errors.ts';
import type { ServiceContext } from '../services/context.ts';
import authPlugin from './auth.ts';
import { clientErrorHandler, frameworkErrors, installErrorHandling } from './errors.ts';
import { routes } from './routes/index.ts';
import { ErrorResponse } from './schemas/common.ts';
import { staticPages } from './static.ts';
import { validatorCompiler } from './validation.ts';

export interface AppOptions {
  /** What every route passes to the services it calls. */
  ctx: ServiceContext;
  /** A pino logger; none in tests. */
  logger?: FastifyBaseLogger;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: ServiceContext;
  }
}

export const BODY_LIMIT = 1024 * 1024;
export const CSV_BODY_LIMIT = 50 * 1024 * 1024;

/** Builds the HTTP app without listening, so tests drive it with `app.inject`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { ctx } = options;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: BODY_LIMIT,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
    routerOptions: { maxParamLength: 200 },
    frameworkErrors,
    clientErrorHandler,
    // While draining for shutdown, a request that still arrives on an open connection is served (and its connection
    // closed after it) rather than answered with Fastify's own 503 body: nothing a client sent is refused half-way.
    return503OnClosing: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler());
  app.decorate('ctx', ctx);
  app.addSchema(ErrorResponse);
  installErrorHandling(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Clearance promotions API',
        version: '1.0.0',
        description: 'Time-boxed discounts, bundles, stock holds that never oversell, margin guards.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  await app.register(authPlugin, { db: ctx.db, adminToken: ctx.config.adminToken });
  await app.register(rateLimit, {
    global: true,
    // onRequest, right after the key lookup: a key past its budget costs no body parsing or validation, and bad
    // requests count against the budget like any other.
    hook: 'onRequest',
    max: ctx.config.storefrontRateLimit || 1,
    timeWindow: 60_000,
    keyGenerator: (request) => request.auth?.keyId ?? request.ip,
    allowList: (request) => ctx.config.storefrontRateLimit === 0 || request.auth?.role !== 'storefront',
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'rate_limited',
        `rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`,
        {
          retryAfter: Math.ceil(context.ttl / 1000),
        },
      ),
  });
  await app.register(routes);
  await app.register(staticPages);
  return app;
}
