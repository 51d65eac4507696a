import { Type } from 'typebox';
import { Bps, Instant, literals, Money, Sku, Strict } from './common.ts';

const Tag = Type.String({ minLength: 1, maxLength: 64 });
const Target = Strict({
  skus: Type.Optional(Type.Array(Sku, { maxItems: 1000 })),
  tags: Type.Optional(Type.Array(Tag, { maxItems: 100 })),
});
const Count = Type.Integer({ minimum: 1, maximum: 1_000_000 });
const Day = literals(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const HHMM = Type.String({ pattern: '^([01]\\d|2[0-4]):[0-5]\\d$' });

/**
 * Shapes of every promotion field (API.md, Promotions). Which fields a kind needs or refuses, and the rules between
 * fields (endsAt > startsAt, increasing tiers, …), are checked by the domain's `validatePromotion`.
 */
const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: literals(['percent_off', 'amount_off', 'fixed_price', 'tiered', 'bundle', 'mix_and_match', 'bxgy']),
  target: Target,
  percentBps: Bps,
  amount: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  price: Money,
  tiers: Type.Array(Strict({ minQuantity: Count, percentBps: Bps }), { minItems: 1, maxItems: 20 }),
  items: Type.Array(Strict({ sku: Sku, quantity: Count }), { minItems: 1, maxItems: 50 }),
  quantity: Count,
  buy: Strict({ target: Target, quantity: Count }),
  get: Strict({ target: Target, quantity: Count, percentBps: Bps }),
  startsAt: Instant,
  endsAt: Type.Union([Instant, Type.Null()]),
  timezone: Type.String({ minLength: 1, maxLength: 64 }),
  dailyWindows: Type.Array(Strict({ days: Type.Array(Day, { minItems: 1, maxItems: 7 }), from: HHMM, to: HHMM }), {
    minItems: 1,
    maxItems: 20,
  }),
  steps: Type.Array(
    Strict({ afterSeconds: Type.Integer({ minimum: 1, maximum: 10 * 365 * 86400 }), percentBps: Bps }),
    {
      minItems: 1,
      maxItems: 50,
    },
  ),
  stockCap: Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000_000 }), Type.Null()]),
  perCustomerLimit: Type.Union([Count, Type.Null()]),
  priority: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 }),
  onFloorBreach: Type.Union([Type.Literal('reject'), Type.Literal('clamp')]),
};

const { name, kind, startsAt, ...rest } = fields;
const optional = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, Type.Optional(v)])) as {
  [K in keyof typeof rest]: ReturnType<typeof Type.Optional<(typeof rest)[K]>>;
};

export const PromotionBody = Strict({ name, kind, startsAt, ...optional });
/** Fields a PATCH may clear by sending `null` (the rest are replaced by a new value or left alone). */
export const CLEARABLE = ['endsAt', 'stockCap', 'perCustomerLimit', 'dailyWindows', 'timezone', 'steps'] as const;
const clearable = Object.fromEntries(
  CLEARABLE.map((k) => [k, Type.Optional(Type.Union([fields[k], Type.Null()]))]),
) as {
  [K in (typeof CLEARABLE)[number]]: ReturnType<
    typeof Type.Optional<ReturnType<typeof Type.Union<[(typeof fields)[K], ReturnType<typeof Type.Null>]>>>
  >;
};

export const PromotionPatch = Strict({
  name: Type.Optional(name),
  startsAt: Type.Optional(startsAt),
  ...optional,
  ...clearable,
});

const Status = literals(['scheduled', 'active', 'paused', 'ended']);
export const StatusQuery = Status;

export const PromotionView = Type.Object({
  id: Type.String(),
  ...PromotionBody.properties,
  status: Status,
  counters: Type.Object({
    unitsSold: Type.Integer(),
    unitsReserved: Type.Integer(),
    revenue: Type.Integer(),
    discountGiven: Type.Integer(),
    remainingCap: Type.Union([Type.Integer(), Type.Null()]),
  }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const Breach = Type.Object({ sku: Type.String(), floor: Type.Integer(), price: Type.Integer() });
export const PreviewView = Type.Object({
  breaches: Type.Array(Breach),
  skus: Type.Array(
    Type.Object({
      sku: Type.String(),
      listPrice: Type.Integer(),
      floor: Type.Integer(),
      promoPrice: Type.Integer(),
      marginBps: Type.Integer(),
    }),
  ),
});

export const HistoryEntry = Type.Object({
  at: Type.String(),
  keyId: Type.Union([Type.String(), Type.Null()]),
  change: Type.Record(Type.String(), Type.Unknown()),
});
