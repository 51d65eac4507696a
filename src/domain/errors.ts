/**
 * Error codes of the HTTP contract (API.md). Domain and service code throws `AppError` with one of these codes and
 * never an HTTP status; `src/http/errors.ts` maps each code to a status in one table.
 */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'duplicate_sku'
  | 'unknown_sku'
  | 'margin_floor_breach'
  | 'insufficient_stock'
  | 'stock_conflict'
  | 'reservation_expired'
  | 'reservation_not_held'
  | 'price_changed'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_use'
  | 'insufficient_history'
  | 'invalid_state'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'conflict'
  | 'unavailable'
  | 'internal';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

/** Bad input found past schema validation; `field` is the JSON path of the offending field, e.g. `/items/0/quantity`. */
export function badRequest(field: string, message: string): AppError {
  return new AppError('bad_request', `${field}: ${message}`, { field });
}
