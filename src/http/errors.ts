import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../domain/errors.ts';

/** The one table from domain error codes to HTTP statuses. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  duplicate_sku: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  insufficient_stock: 409,
  stock_conflict: 409,
  reservation_expired: 409,
  reservation_not_held: 409,
  price_changed: 409,
  idempotency_key_in_use: 409,
  invalid_state: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unknown_sku: 422,
  margin_floor_breach: 422,
  idempotency_key_reused: 422,
  insufficient_history: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export interface ErrorBody {
  error: string;
  message: string;
  details?: unknown;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Turns the first schema violation into `body/lines/0/quantity must be >= 1`, naming the field. */
export function describeValidation(
  context: string | undefined,
  errors: AjvError[],
): { message: string; field: string } {
  const e = errors[0]!;
  let path = e.instancePath;
  if (e.keyword === 'required') path += `/${String(e.params.missingProperty)}`;
  if (e.keyword === 'additionalProperties') path += `/${String(e.params.additionalProperty)}`;
  const field = `${context ?? 'body'}${path}`;
  let message: string;
  if (e.keyword === 'required') message = `${field} is required`;
  else if (e.keyword === 'additionalProperties') message = `${field} is not an allowed field`;
  else message = `${field} ${e.message ?? 'is invalid'}`;
  return { message, field };
}

/** SQLSTATE class 22 (data exception): a value the database cannot store, i.e. bad input. */
export function isDataException(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/** Unreachable, restarting, or out of connection slots (53300): retry later, nothing was done. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** True when an error means "the database is unreachable" rather than "this query is wrong". */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && (CONNECTION_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  const msg = e.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED/i.test(
    msg,
  );
}

function send(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  return reply.status(status).send(body);
}

/**
 * Errors the router raises before any route runs (a malformed percent-escape, a path parameter past
 * `maxParamLength`), answered in the same `{ error, message }` shape as everything else.
 */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err.code === 'FST_ERR_BAD_URL') {
    return send(reply, 400, { error: 'bad_request', message: 'the URL has a malformed percent-escape' });
  }
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return send(reply, 414, { error: 'bad_request', message: 'a path parameter is longer than allowed' });
  }
  return send(reply, 500, { error: 'internal', message: 'internal error' });
}

/**
 * Errors Node's HTTP parser raises before any request exists (headers past the size limit, a malformed request line,
 * a request too slow to arrive), answered in the same shape; the connection is closed after the answer.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'the request headers are larger than allowed']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'the request took too long to arrive']
        : [400, 'the request is not valid HTTP'];
  const body = JSON.stringify({ error: 'bad_request', message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) =>
    send(reply, 404, { error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );

  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    if (err instanceof AppError) {
      const status = STATUS_BY_CODE[err.code];
      if (status === 429)
        reply.header('retry-after', String((err.details as { retryAfter?: number })?.retryAfter ?? 60));
      const body: ErrorBody = { error: err.code, message: err.message };
      if (err.details !== undefined) body.details = err.details;
      return send(reply, status, body);
    }
    const fe = err as FastifyError & { validation?: AjvError[] };
    if (fe.validation) {
      const { message, field } = describeValidation(fe.validationContext, fe.validation);
      return send(reply, 400, { error: 'bad_request', message, details: { field } });
    }
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return send(reply, 413, { error: 'payload_too_large', message: 'request body is larger than allowed' });
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(reply, 415, { error: 'unsupported_media_type', message: `unsupported content-type` });
    }
    if (isDataException(err)) {
      // PostgreSQL refused a value (NUL byte in text, number out of range): the input was bad, nothing was stored.
      return send(reply, 400, {
        error: 'bad_request',
        message: `a value in the request is not acceptable: ${err.message}`,
      });
    }
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err }, 'database unavailable');
      reply.header('retry-after', '1');
      return send(reply, 503, { error: 'unavailable', message: 'the database is unavailable; retry shortly' });
    }
    const status = fe.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = status === 429 ? 'rate_limited' : status === 404 ? 'not_found' : 'bad_request';
      return send(reply, status, { error: code, message: fe.message || 'bad request' });
    }
    request.log.error({ err }, 'unhandled error');
    return send(reply, 500, { error: 'internal', message: 'internal error' });
  });
}
