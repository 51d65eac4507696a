import { Type } from 'typebox';

export const Margin = Type.Integer({ minimum: 0, maximum: 9999 });

export const MerchantView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  currency: Type.String(),
  timezone: Type.String(),
  defaultMinMarginBps: Type.Integer(),
});

export const Role = Type.Union([Type.Literal('console'), Type.Literal('storefront')]);

export const KeyInfo = Type.Object({
  id: Type.String(),
  role: Role,
  prefix: Type.String(),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
