import { orderHistory } from '../db/orders.ts';
import { findProducts, rowToProduct } from '../db/products.ts';
import { AppError, badRequest } from '../domain/errors.ts';
import { DAY_MS, type DemandParams, type Plan, planInputFromProduct, planMarkdown } from '../domain/planner/index.ts';
import type { PromotionInput } from '../domain/pricing/index.ts';
import type { DbContext, ServiceContext } from './context.ts';
import { createPromotion } from './promotions.ts';

export interface PlanRequestBody {
  skus: string[];
  deadline: string;
  start?: string;
  priceStepBps?: number;
  periodSeconds?: number;
  demand?: DemandParams;
  /** Worth of a unit left at the deadline (minor units; negative = a cost). Default: −100 × list, i.e. sell out. */
  leftoverValue?: number;
}

/** How much order history feeds the demand estimate: the last 180 days. */
const HISTORY_DAYS = 180;

/**
 * `POST /v1/planner/markdown`: a markdown schedule per SKU from its stock, list price, floor and demand (given, or
 * estimated from the SKU's own orders). Without enough history for a SKU the whole request is a 422
 * `insufficient_history` naming it, rather than a guess.
 */
export async function planSkus(
  ctx: DbContext,
  merchantId: string,
  { now, ...body }: PlanRequestBody & { now: number },
): Promise<Plan[]> {
  const { db } = ctx;
  const start = body.start ? Date.parse(body.start) : now;
  const deadline = Date.parse(body.deadline);
  if (!(deadline > start)) throw badRequest('body/deadline', 'must be after start');
  const periodMs = (body.periodSeconds ?? 86400) * 1000;
  if ((deadline - start) / periodMs > 366)
    throw badRequest('body/periodSeconds', 'the plan may have at most 366 periods');
  const skus = [...new Set(body.skus)];
  const rows = await findProducts(db, merchantId, skus);
  const missing = skus.filter((s) => !rows.some((r) => r.sku === s));
  if (missing.length > 0) throw new AppError('unknown_sku', `unknown SKU: ${missing.join(', ')}`, { skus: missing });
  const history = body.demand
    ? new Map<string, never[]>()
    : await orderHistory(db, merchantId, skus, new Date(now - HISTORY_DAYS * DAY_MS));
  const bySku = new Map(rows.map((r) => [r.sku, rowToProduct(r)]));
  return skus.map((sku) =>
    planMarkdown(
      planInputFromProduct(bySku.get(sku)!, history.get(sku) ?? [], {
        start,
        deadline,
        periodMs,
        ...(body.priceStepBps !== undefined && { priceStepBps: body.priceStepBps }),
        ...(body.demand && { demand: body.demand }),
        leftoverValue: body.leftoverValue ?? -100 * bySku.get(sku)!.listPrice,
      }),
    ),
  );
}

export interface ApplyBody {
  sku: string;
  steps: { at: string; percentBps: number }[];
  name?: string;
  endsAt?: string;
}

/**
 * `POST /v1/planner/markdown/apply`: turns a plan into one deepening `percent_off` promotion on the SKU, starting at
 * the first step with a discount; later steps become `steps` relative to it. The margin guard applies as to any
 * promotion (422 `margin_floor_breach`). Steps must be in time order and never shallower than the one before.
 */
export async function applyPlan(
  ctx: ServiceContext,
  merchantId: string,
  { keyId, plan: body }: { keyId: string | null; plan: ApplyBody },
) {
  const steps = body.steps.map((s, i) => ({ at: Date.parse(s.at), percentBps: s.percentBps, i }));
  for (const [k, s] of steps.entries()) {
    if (k > 0 && s.at <= steps[k - 1]!.at) throw badRequest(`body/steps/${s.i}/at`, 'must be after the step before it');
    if (k > 0 && s.percentBps < steps[k - 1]!.percentBps) {
      throw badRequest(`body/steps/${s.i}/percentBps`, 'a markdown never goes back up');
    }
  }
  const marked = steps.filter((s) => s.percentBps > 0);
  if (marked.length === 0) throw badRequest('body/steps', 'no step takes anything off');
  const first = marked[0]!;
  const deeper = marked.filter((s, k) => k > 0 && s.percentBps > marked[k - 1]!.percentBps);
  const input: PromotionInput = {
    name: body.name ?? `Markdown plan: ${body.sku}`,
    kind: 'percent_off',
    target: { skus: [body.sku] },
    percentBps: first.percentBps,
    startsAt: new Date(first.at).toISOString(),
    ...(body.endsAt && { endsAt: body.endsAt }),
    ...(deeper.length > 0 && {
      steps: deeper.map((s) => ({ afterSeconds: Math.round((s.at - first.at) / 1000), percentBps: s.percentBps })),
    }),
  };
  const [product] = await findProducts(ctx.db, merchantId, [body.sku]);
  if (!product) throw new AppError('unknown_sku', `unknown SKU: ${body.sku}`, { skus: [body.sku] });
  return createPromotion(ctx, merchantId, { keyId, promotion: input });
}
