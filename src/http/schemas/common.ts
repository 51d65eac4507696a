import { type TLiteral, type TSchema, type TUnion, Type } from 'typebox';
import { MAX_UNIT_PRICE } from '../../domain/money.ts';

/** SKU: 1..64 of `[A-Za-z0-9._-]`. */
export const Sku = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
/** A unit price (list price, cost, floor, set price): bounded so that every cart total stays a safe integer. */
export const Money = Type.Integer({ minimum: 0, maximum: MAX_UNIT_PRICE });
/** A total of a cart or an order. */
export const Total = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
export const Bps = Type.Integer({ minimum: 1, maximum: 10000 });
export const Instant = Type.String({ format: 'date-time', maxLength: 40 });

export const ErrorResponse = Type.Object(
  { error: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) },
  { $id: 'Error' },
);

/** `{ items, nextCursor }` envelope of every list (docs/architecture.md, "The HTTP contract"). */
export const ListOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const ListQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
};

/** Strict object: unknown fields are rejected. */
export const Strict = <P extends Record<string, TSchema>>(props: P) =>
  Type.Object(props, { additionalProperties: false });

/** Error responses every authenticated route may give. */
export const authErrors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

/** A union of string literals that keeps its literal types: `literals(['a', 'b'])` → `'a' | 'b'`. */
export function literals<const T extends readonly string[]>(
  values: T,
): TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }> {
  const members: TSchema[] = values.map((v) => Type.Literal(v));
  return Type.Union(members) as never;
}
