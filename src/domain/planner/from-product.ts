import type { Bps, Minor } from '../money.ts';
import type { DemandParams, EpochMs, PlanInput, SalesRecord } from './types.ts';

/** What the planner needs of a catalogue product (the `Product` of src/db/products.ts fits as is, via `stock`). */
export interface PlannableProduct {
  sku: string;
  listPrice: Minor;
  unitCost: Minor;
  /** Effective floor (`effectiveFloor`, already on `Product.floor`). */
  floor: Minor;
  /** Units to clear: pass `available` (on hand minus live holds) rather than `onHand`. */
  stock: { available: number };
}

/** An order line as stored (`order_lines`: created_at, unit_price, list_price, quantity). */
export interface OrderLineLike {
  createdAt: Date | EpochMs;
  unitPrice: Minor;
  listPrice: Minor;
  quantity: number;
}

/** Options of a planning request (API.md "Clearance planner"), all but `start`/`deadline` optional. */
export interface PlanRequest {
  start: EpochMs;
  deadline: EpochMs;
  periodMs?: number;
  priceStepBps?: Bps;
  demand?: DemandParams;
  leftoverValue?: number;
}

/** Order lines to the estimator's sales history. */
export function salesFromOrderLines(lines: readonly OrderLineLike[]): SalesRecord[] {
  return lines.map((l) => ({
    at: typeof l.createdAt === 'number' ? l.createdAt : l.createdAt.getTime(),
    price: l.unitPrice,
    listPrice: l.listPrice,
    quantity: l.quantity,
  }));
}

/**
 * A {@link PlanInput} from a product and its order lines: with `request.demand` the lines are ignored, without it
 * they are the history the demand model is estimated from.
 *
 * @example planMarkdown(planInputFromProduct(product, lines, { start: now, deadline: now + 28 * DAY_MS }))
 */
export function planInputFromProduct(
  product: PlannableProduct,
  lines: readonly OrderLineLike[],
  request: PlanRequest,
): PlanInput {
  return {
    sku: product.sku,
    onHand: Math.max(0, product.stock.available),
    listPrice: product.listPrice,
    unitCost: product.unitCost,
    floor: product.floor,
    ...request,
    ...(request.demand ? {} : { history: salesFromOrderLines(lines) }),
  };
}
