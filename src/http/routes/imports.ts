import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../domain/errors.ts';
import { getImport, uploadProducts } from '../../services/imports.ts';
import { CSV_BODY_LIMIT } from '../app.ts';
import { authErrors, ErrorResponse, Id } from '../schemas/common.ts';
import { JobView } from '../schemas/imports.ts';

/**
 * CSV product imports and their jobs (console). The text/csv parser is registered in this plugin only, so the 50 MiB
 * limit applies to this route alone; everything else keeps the 1 MiB JSON limit.
 */
export const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { ctx } = app;
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: CSV_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  app.post(
    '/imports/products',
    {
      bodyLimit: CSV_BODY_LIMIT,
      schema: {
        tags: ['catalog'],
        description: 'Body: text/csv with header `sku,name,listPrice,unitCost,tags,onHand` (tags `;`-separated).',
        response: { 202: Type.Object({ jobId: Type.String() }), 413: ErrorResponse, 415: ErrorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError('unsupported_media_type', 'send the CSV with Content-Type: text/csv');
      }
      const { merchantId, keyId } = request.auth;
      return reply.status(202).send(await uploadProducts(ctx, merchantId, { keyId, file: request.body }));
    },
  );

  app.get(
    '/jobs/:jobId',
    {
      schema: {
        tags: ['catalog'],
        params: Type.Object({ jobId: Id }),
        response: { 200: JobView, 404: ErrorResponse, ...authErrors },
      },
    },
    async (request) => getImport(ctx, request.auth.merchantId, request.params.jobId),
  );
};
