import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The merchant console and the demo shop, each a single-page app built by `npm run build` (vite.config.ts). */
export const PAGES = ['console', 'shop'] as const;
export const DIST_DIR = fileURLToPath(new URL('../../dist', import.meta.url));
const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface StaticOptions {
  /** Where the built pages are; `dist/` at the repository root unless given (tests). */
  distDir?: string;
}

export function pagesBuilt(distDir: string = DIST_DIR): boolean {
  return PAGES.every((p) => existsSync(join(distDir, p, 'index.html')));
}

/**
 * Runs `vite build` once when the pages are missing (a fresh checkout's `npm start`). Returns whether they exist
 * afterwards; without them the server still starts and the pages say how to build them.
 */
export function buildPagesIfMissing(log: (message: string) => void): boolean {
  if (pagesBuilt()) return true;
  let vite: string;
  try {
    vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    log('the console is not built and vite is not installed; run npm ci && npm run build');
    return false;
  }
  log('building the console and demo shop (first start; npm run build does the same)…');
  const run = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: REPO_DIR, stdio: 'inherit' });
  if (run.status !== 0) log('vite build failed; the console pages will say how to build them');
  return pagesBuilt();
}

/** Scripts and styles under hashed names never change; the HTML shell always revalidates. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

function notBuilt(reply: FastifyReply, page: string): FastifyReply {
  return reply
    .status(503)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not built yet</title></head><body>` +
        `<main style="font-family:system-ui,sans-serif;max-width:36rem;margin:10vh auto;padding:0 1rem">` +
        `<h1>The ${page} is not built yet</h1><p>Run <code>npm run build</code> and reload this page. ` +
        `(<code>npm start</code> builds it automatically when it is missing.)</p></main></body></html>`,
    );
}

/**
 * Serves `dist/console` at `/console/` and `dist/shop` at `/shop/`: files that exist are sent as they are (hashed
 * assets cached for a year), any other path gets the page's index.html so the client router handles it, and a missing
 * build gets a page that says to run `npm run build` instead of an error.
 */
export async function staticPages(app: FastifyInstance, opts: StaticOptions = {}): Promise<void> {
  const dist = opts.distDir ?? DIST_DIR;
  await app.register(fastifyStatic, { root: dist, serve: false });

  for (const page of PAGES) {
    app.get(`/${page}`, { schema: { hide: true } }, (request, reply) => {
      const q = request.url.indexOf('?');
      return reply.redirect(`/${page}/${q >= 0 ? request.url.slice(q) : ''}`);
    });
    app.get(`/${page}/*`, { schema: { hide: true } }, (request, reply) => {
      const rest = (request.params as { '*': string })['*'];
      reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
      // Each page serves only its own directory: no dot segments (send would still keep them inside dist).
      if (rest.split(/[/\\]/).some((seg) => seg === '..' || seg === '.') || rest.includes('\0'))
        return reply.callNotFound();
      if (/\.[A-Za-z0-9]+$/.test(rest)) {
        // A file: sent from dist if present (send refuses paths that leave the root), else the 404 handler.
        const hashed = rest.startsWith('assets/');
        return reply.sendFile(`${page}/${rest}`, dist, hashed ? { maxAge: '365d', immutable: true } : { maxAge: 0 });
      }
      if (!existsSync(join(dist, page, 'index.html'))) return notBuilt(reply, page === 'console' ? 'console' : 'shop');
      return reply
        .header('content-security-policy', CSP)
        .header('x-frame-options', 'DENY')
        .header('cache-control', 'no-cache')
        .sendFile(`${page}/index.html`, dist, { cacheControl: false });
    });
  }
}
