import { Type } from 'typebox';
import { Instant, Sku, Strict, Total } from './common.ts';

/** Any printable text: control characters (NUL included) are refused. */
export const CustomerId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });

export const CartLines = Type.Array(Strict({ sku: Sku, quantity: Type.Integer({ minimum: 1, maximum: 10000 }) }), {
  minItems: 1,
  maxItems: 200,
});

export const QuoteBody = Strict({
  lines: CartLines,
  customerId: Type.Optional(CustomerId),
  at: Type.Optional(Instant),
});

const Discount = Type.Object({ promotionId: Type.String(), amount: Type.Integer() });

export const QuoteView = Type.Object({
  currency: Type.String(),
  at: Type.String(),
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      quantity: Type.Integer(),
      listPrice: Type.Integer(),
      unitPrice: Type.Integer(),
      unitPrices: Type.Array(
        Type.Object({
          quantity: Type.Integer(),
          unitPrice: Type.Integer(),
          promotionId: Type.Union([Type.String(), Type.Null()]),
        }),
      ),
      total: Type.Integer(),
      discounts: Type.Array(Discount),
      floorClamped: Type.Boolean(),
    }),
  ),
  subtotal: Type.Integer(),
  discountTotal: Type.Integer(),
  total: Type.Integer(),
  applied: Type.Array(
    Type.Object({
      promotionId: Type.String(),
      name: Type.String(),
      kind: Type.String(),
      units: Type.Integer(),
      amount: Type.Integer(),
      unitsBySku: Type.Record(Type.String(), Type.Integer()),
    }),
  ),
  notApplied: Type.Array(Type.Object({ promotionId: Type.String(), reason: Type.String() })),
});

export const ReserveBody = Strict({
  lines: CartLines,
  customerId: Type.Optional(CustomerId),
  expectedTotal: Type.Optional(Total),
  ttlSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 3600 })),
});

export const ReservationView = Type.Object({
  id: Type.String(),
  status: Type.String(),
  expiresAt: Type.String(),
  customerId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  orderId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  quote: QuoteView,
});

export const ConfirmedView = Type.Object({
  id: Type.String(),
  status: Type.Literal('confirmed'),
  orderId: Type.String(),
  total: Type.Integer(),
});

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});

/** `GET /v1/prices` answers with one of these per SKU. */
export const PriceView = Type.Object({
  sku: Type.String(),
  listPrice: Type.Integer(),
  price: Type.Integer(),
  promotionId: Type.Union([Type.String(), Type.Null()]),
  endsAt: Type.Union([Type.String(), Type.Null()]),
  remainingAtPrice: Type.Union([Type.Integer(), Type.Null()]),
  available: Type.Integer(),
});

export const CatalogItem = Type.Object({ sku: Type.String(), name: Type.String(), tags: Type.Array(Type.String()) });
export const CatalogPage = Type.Object({
  items: Type.Array(CatalogItem),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  currency: Type.String(),
});
