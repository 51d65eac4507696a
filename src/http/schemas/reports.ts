import { Type } from 'typebox';

const SkuRow = Type.Object({
  sku: Type.String(),
  startOnHand: Type.Integer(),
  unitsSold: Type.Integer(),
  sellThroughBps: Type.Integer(),
  revenue: Type.Integer(),
  discountGiven: Type.Integer(),
  grossMargin: Type.Integer(),
});
export const SellThroughView = Type.Object({
  promotionId: Type.Union([Type.String(), Type.Null()]),
  from: Type.String(),
  to: Type.String(),
  timezone: Type.String(),
  items: Type.Array(SkuRow),
  daily: Type.Array(Type.Object({ day: Type.String(), unitsSold: Type.Integer(), revenue: Type.Integer() })),
});
