import { Type } from 'typebox';
import { Money, Strict } from './common.ts';

export const Tag = Type.String({ minLength: 1, maxLength: 64, pattern: '^[^,;\\s]+$' });

export const ProductBody = Strict({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  listPrice: Money,
  unitCost: Money,
  tags: Type.Optional(Type.Array(Tag, { maxItems: 50, uniqueItems: true })),
  minMarginBps: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 9999 }), Type.Null()])),
  lowStockThreshold: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000_000 }), Type.Null()])),
  floorPrice: Type.Optional(Type.Union([Money, Type.Null()])),
});

export const StockView = Type.Object({ onHand: Type.Integer(), reserved: Type.Integer(), available: Type.Integer() });

export const ProductView = Type.Object({
  sku: Type.String(),
  name: Type.String(),
  listPrice: Type.Integer(),
  unitCost: Type.Integer(),
  tags: Type.Array(Type.String()),
  minMarginBps: Type.Union([Type.Integer(), Type.Null()]),
  lowStockThreshold: Type.Union([Type.Integer(), Type.Null()]),
  floorPrice: Type.Union([Type.Integer(), Type.Null()]),
  floor: Type.Integer(),
  stock: StockView,
});

export const MovementBody = Strict({
  delta: Type.Integer({ minimum: -1_000_000_000, maximum: 1_000_000_000, not: { const: 0 } }),
  reason: Type.Union([
    Type.Literal('receipt'),
    Type.Literal('adjustment'),
    Type.Literal('damage'),
    Type.Literal('return'),
  ]),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

export const MovementView = Type.Object({
  id: Type.Integer(),
  delta: Type.Integer(),
  reason: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  ref: Type.Union([Type.String(), Type.Null()]),
  keyId: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});
