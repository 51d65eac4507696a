/** The promotion body of the HTTP contract (API.md, Promotions) and its conversion to the engine's `Promotion`. */
import { badRequest } from '../errors.ts';
import type { Instant, Promotion, PromotionState } from './types.ts';

/**
 * `POST /v1/promotions` body: the engine's `Promotion` without what the service assigns (id, state, creation time),
 * with ISO 8601 instants (`startsAt`, and `endsAt` absent or `null` for open-ended) and optional defaults.
 */
export type PromotionInput = Omit<
  Promotion,
  'id' | 'startsAt' | 'endsAt' | 'priority' | 'onFloorBreach' | 'state' | 'createdAt'
> & {
  startsAt: string;
  endsAt?: string | null;
  priority?: number;
  onFloorBreach?: 'reject' | 'clamp';
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Epoch ms of an ISO 8601 instant that carries an offset; `null` for anything else (no offset, bad date).
 *
 * @example parseInstant('2026-12-01T10:00:00+08:00') === Date.UTC(2026, 11, 1, 2)
 * @example parseInstant('2026-12-01T10:00:00') === null   // no offset: ambiguous
 */
export function parseInstant(s: unknown): Instant | null {
  if (typeof s !== 'string' || !ISO.test(s)) return null;
  const month = Number(s.slice(5, 7));
  const day = Number(s.slice(8, 10));
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const t = Date.parse(s);
  if (!Number.isFinite(t)) return null;
  // Date.parse rolls 2026-02-30 over to March; reject dates that do not exist.
  const offset = /[+-]\d{2}:\d{2}$/.exec(s)?.[0];
  const shift = offset ? (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4))) : 0;
  const local = new Date(t + shift * 60_000);
  return local.getUTCDate() === day && local.getUTCMonth() + 1 === month ? t : null;
}

const KIND_FIELDS = [
  'target',
  'percentBps',
  'amount',
  'price',
  'tiers',
  'items',
  'quantity',
  'buy',
  'get',
  'steps',
] as const;

/**
 * Builds the engine's `Promotion` from a body that passed `validatePromotion`. Defaults: `priority` 0,
 * `onFloorBreach` `reject`, `state` `active`, no cap, no limit.
 */
export function toPromotion(
  input: PromotionInput,
  meta: { id: string; createdAt: Instant; state?: PromotionState },
): Promotion {
  const startsAt = parseInstant(input.startsAt);
  if (startsAt === null) throw badRequest('/startsAt', 'must be an ISO 8601 instant with offset');
  const endsAt = input.endsAt == null ? null : parseInstant(input.endsAt);
  if (input.endsAt != null && endsAt === null) throw badRequest('/endsAt', 'must be an ISO 8601 instant with offset');
  const p: Promotion = {
    id: meta.id,
    name: input.name,
    kind: input.kind,
    startsAt,
    endsAt,
    stockCap: input.stockCap ?? null,
    perCustomerLimit: input.perCustomerLimit ?? null,
    priority: input.priority ?? 0,
    onFloorBreach: input.onFloorBreach ?? 'reject',
    state: meta.state ?? 'active',
    createdAt: meta.createdAt,
  };
  for (const f of KIND_FIELDS) if (input[f] !== undefined) Object.assign(p, { [f]: structuredClone(input[f]) });
  if (input.timezone !== undefined) p.timezone = input.timezone;
  if (input.dailyWindows !== undefined) p.dailyWindows = structuredClone(input.dailyWindows);
  return p;
}
