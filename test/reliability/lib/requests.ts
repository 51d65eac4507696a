import fc from 'fast-check';
import {
  breakArb,
  invalidParamArb,
  type Operation,
  type Param,
  parsedOf,
  satisfies,
  toJsonText,
  validArb,
  validParamArb,
} from './fuzz.ts';

/** One HTTP request as `app.inject` (or fetch) takes it, with what was broken in it. */
export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** Which part was broken: `path:id`, `body`, `json`, `auth`… */
  broken: string;
}

export interface RequestContext {
  /** Bearer key (or admin token) for the operation. */
  key: (op: Operation) => string;
  /** Real ids to put in path parameters (`/v1/promotions/{id}` → an existing promotion), by path template. */
  pathValues: (op: Operation) => Record<string, string> | undefined;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const JSON_LIMIT = 1024 * 1024;

export function urlOf(op: Operation, path: Record<string, string>, query: Record<string, string | string[]>): string {
  const p = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(path[name] ?? ''));
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    for (const x of Array.isArray(v) ? v : [v]) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(x)}`);
  }
  return parts.length > 0 ? `${p}?${parts.join('&')}` : p;
}

function pathArb(op: Operation, ctx: RequestContext): fc.Arbitrary<Record<string, string>> {
  const real = ctx.pathValues(op);
  if (real) return fc.constant(real);
  return fc.record(Object.fromEntries(op.pathParams.map((p) => [p.name, validParamArb(p)]))) as fc.Arbitrary<
    Record<string, string>
  >;
}

function queryArb(params: Param[]): fc.Arbitrary<Record<string, string>> {
  return fc.record(Object.fromEntries(params.map((p) => [p.name, validParamArb(p)])), {
    requiredKeys: params.filter((p) => p.required).map((p) => p.name) as never[],
  }) as fc.Arbitrary<Record<string, string>>;
}

function headerArb(params: Param[]): fc.Arbitrary<Record<string, string>> {
  return fc.record(
    Object.fromEntries(
      params.map((p) => [
        p.name.toLowerCase(),
        fc.stringMatching(/^[A-Za-z0-9._~-]{1,64}$/).filter((v) => v.length >= (p.schema.minLength ?? 0)),
      ]),
    ),
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, string>>;
}

const MALFORMED_JSON = [
  '{',
  '}',
  '{"a":1,}',
  "{'a':1}",
  '{"a":1}{"b":2}',
  '[1,2',
  'NaN',
  'undefined',
  '{"a":undefined}',
  '{"a":0x10}',
  '{"a":01}',
  '{"a":.5}',
  '{"a":"\u0000"',
  '{"a":"\\ud800"',
  '{"a":"\\x41"}',
  '{a:1}',
  '\u0000',
  '--',
  '{"a":1}\u0000',
];

function malformedJsonArb(valid: unknown): fc.Arbitrary<string> {
  const text = toJsonText(valid);
  return fc
    .oneof(
      fc.constantFrom(...MALFORMED_JSON),
      fc.integer({ min: 1, max: Math.max(1, text.length - 1) }).map((n) => text.slice(0, n)),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 50 }),
    )
    .filter((t) => {
      try {
        JSON.parse(t);
        return false;
      } catch {
        return t.trim().length > 0;
      }
    });
}

const BAD_TOKENS = fc.oneof(
  fc.constantFrom(
    '',
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwYXNz',
    'Bearer ck_',
    'Bearer sk_',
    'Bearer null',
    'Bearer ck_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    'Token abc',
    'Bearer a b',
    `Bearer ${'x'.repeat(8000)}`,
    'Bearer \u00e9\u00e9\u00e9',
  ),
  fc.stringMatching(/^[\x21-\x7e]{1,200}$/).map((s) => `Bearer ${s}`),
);

/**
 * Requests to `op` that the contract says are malformed: a valid request with exactly one part broken. Each answer
 * must be a 4xx in the error shape, and nothing may change.
 */
export function malformedRequestArb(op: Operation, ctx: RequestContext): fc.Arbitrary<FuzzRequest> {
  // Where to break the request, weighted: bodies have the most to break; oversized bodies cost the most to send.
  const sites: { weight: number; arbitrary: fc.Arbitrary<string> }[] = [];
  const site = (name: string, weight: number) => sites.push({ weight, arbitrary: fc.constant(name) });
  if (op.pathParams.length > 0) site('path', 9);
  if (op.query.length > 0) site('query', 9);
  if (op.headers.length > 0) site('header', 3);
  if (op.body) site('body', 24);
  if (op.body) site('media', 3);
  if (op.body) site('size', 1);
  if (op.body || (BODY_METHODS.has(op.method) && op.bodyTypes.length === 0)) site('json', 6);
  if (BODY_METHODS.has(op.method)) site('xml', 3);
  if (!op.isPublic) site('auth', 3);
  if (sites.length === 0) throw new Error(`${op.method} ${op.path}: nothing to break`);

  const base = fc.record({
    path: pathArb(op, ctx),
    query: queryArb(op.query),
    headers: headerArb(op.headers),
    body: op.body ? validArb(op.body) : fc.constant(undefined),
  });
  return fc.tuple(fc.oneof(...sites), base).chain(([site, b]) => {
    const auth = { authorization: `Bearer ${ctx.key(op)}` };
    const json = (body: unknown) =>
      body === undefined ? {} : { payload: toJsonText(body), headers: { 'content-type': 'application/json' } };
    const make = (
      broken: string,
      parts: { path?: Record<string, string>; query?: Record<string, string | string[]>; headers?: object },
      payload?: { payload?: string; headers?: Record<string, string> },
    ): FuzzRequest => {
      const p = payload ?? json(b.body);
      return {
        method: op.method,
        url: urlOf(op, parts.path ?? b.path, parts.query ?? b.query),
        headers: { ...auth, ...b.headers, ...(p.headers ?? {}), ...(parts.headers ?? {}) } as Record<string, string>,
        ...(p.payload !== undefined && { payload: p.payload }),
        broken,
      };
    };
    switch (site) {
      case 'path':
        return fc
          .constantFrom(...op.pathParams)
          .chain((param) =>
            invalidParamArb(param, 'path').map((v) =>
              make(`path:${param.name}`, { path: { ...b.path, [param.name]: v as string } }),
            ),
          );
      case 'query':
        return fc
          .constantFrom(...op.query)
          .chain((param) =>
            invalidParamArb(param, 'query').map((v) =>
              make(`query:${param.name}`, { query: { ...b.query, [param.name]: v } }),
            ),
          );
      case 'header':
        return fc
          .constantFrom(...op.headers)
          .chain((param) =>
            invalidParamArb(param, 'header').map((v) =>
              make(`header:${param.name}`, { headers: { [param.name.toLowerCase()]: v as string } }),
            ),
          );
      case 'body':
        return fc
          .integer({ min: 1, max: 3 })
          .chain((times) => {
            let arb: fc.Arbitrary<unknown> = breakArb(op.body!, b.body);
            // Sometimes break a second or third thing too: the first violation must still be reported as a 400.
            for (let i = 1; i < times; i++) arb = arb.chain((v) => breakArb(op.body!, v).map((w) => w));
            return arb;
          })
          .filter((v) => !satisfies(op.body!, parsedOf(v)))
          .map((v) => make('body', {}, json(v)));
      case 'media':
        return fc
          .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'text/csv', 'application/vnd.api+json')
          .map((type) => make(`media:${type}`, {}, { payload: toJsonText(b.body), headers: { 'content-type': type } }));
      case 'size':
        return fc
          .integer({ min: JSON_LIMIT + 1, max: JSON_LIMIT + 4096 })
          .map((n) =>
            make('size', {}, { payload: `{"x":"${'y'.repeat(n)}"}`, headers: { 'content-type': 'application/json' } }),
          );
      case 'json':
        return malformedJsonArb(b.body ?? { a: 1 }).map((t) =>
          make('json', {}, { payload: t, headers: { 'content-type': 'application/json' } }),
        );
      case 'xml':
        return fc
          .constantFrom('application/xml', 'image/png', 'multipart/form-data; boundary=x', 'application/octet-stream')
          .map((type) => make(`xml:${type}`, {}, { payload: '<a>1</a>', headers: { 'content-type': type } }));
      default:
        return BAD_TOKENS.map((token) => {
          const r = make('auth', {});
          if (token === '') delete r.headers.authorization;
          else r.headers.authorization = token;
          return r;
        });
    }
  });
}

/** Valid requests (by the schemas) to read-only operations, with the strangest legal values the schemas allow. */
export function hostileValidRequestArb(op: Operation, ctx: RequestContext): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      path: pathArbLoose(op, ctx),
      query: queryArb(op.query),
      body: op.body ? validArb(op.body) : fc.constant(undefined),
    })
    .filter((b) => !op.body || satisfies(op.body, parsedOf(b.body)))
    .map((b) => ({
      method: op.method,
      url: urlOf(op, b.path, b.query),
      headers: {
        authorization: `Bearer ${ctx.key(op)}`,
        ...(b.body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(b.body !== undefined && { payload: toJsonText(b.body) }),
      broken: 'none',
    }));
}

/** Real ids half of the time (so handlers run all the way), valid random ids otherwise. */
function pathArbLoose(op: Operation, ctx: RequestContext): fc.Arbitrary<Record<string, string>> {
  const real = ctx.pathValues(op);
  const random = fc.record(Object.fromEntries(op.pathParams.map((p) => [p.name, validParamArb(p)])));
  return real ? fc.oneof(fc.constant(real), random) : random;
}
