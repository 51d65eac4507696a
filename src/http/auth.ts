import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { findKeyByHash, hashKey, type KeyIdentity } from '../db/api-keys.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../domain/errors.ts';

/** Who may call a route: nobody in particular, the operator's admin token, console keys, or any merchant key. */
export type Access = 'public' | 'admin' | 'console' | 'storefront';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** Set on every route that needs a merchant key. */
    auth: KeyIdentity;
  }
}

/** Looked-up keys are cached briefly so a storefront's every page view does not cost a key query. */
const CACHE_MS = 2000;

export interface AuthOptions {
  db: Db;
  adminToken: string;
}

function bearer(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = header && /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AppError('unauthorized', 'missing or malformed Authorization: Bearer <key> header');
  return match[1]!;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(hashKey(a), 'hex');
  const y = Buffer.from(hashKey(b), 'hex');
  return timingSafeEqual(x, y);
}

async function authPlugin(app: FastifyInstance, opts: AuthOptions): Promise<void> {
  const cache = new Map<string, { identity: KeyIdentity; until: number }>();
  app.decorateRequest('auth', null as unknown as KeyIdentity);
  app.decorate('forgetKeys', () => cache.clear());

  app.addHook('onRequest', async (request) => {
    // Resource routes need a console key unless they say otherwise; docs, console assets and health are public.
    const access =
      request.routeOptions.config.access ?? (request.routeOptions.url?.startsWith('/v1') ? 'console' : 'public');
    if (access === 'public') return;
    const token = bearer(request);
    if (access === 'admin') {
      if (!sameSecret(token, opts.adminToken)) throw new AppError('unauthorized', 'invalid admin token');
      return;
    }
    const hash = hashKey(token);
    const now = Date.now();
    let identity = cache.get(hash);
    if (!identity || identity.until < now) {
      const found = await findKeyByHash(opts.db, hash);
      if (!found) {
        cache.delete(hash);
        throw new AppError('unauthorized', 'invalid or revoked API key');
      }
      identity = { identity: found, until: now + CACHE_MS };
      if (cache.size > 10_000) cache.clear();
      cache.set(hash, identity);
    }
    if (access === 'console' && identity.identity.role !== 'console') {
      throw new AppError('forbidden', 'this route needs a console key');
    }
    request.auth = identity.identity;
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Drops cached key lookups (after a revocation in this process). */
    forgetKeys(): void;
  }
}

export default fp(authPlugin, { name: 'auth' });
