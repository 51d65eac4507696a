import type { Bps, Minor } from './money.ts';

export interface FloorInputs {
  unitCost: Minor;
  /** The product's own minimum margin; `null` falls back to the merchant's default. */
  minMarginBps: Bps | null;
  floorPrice: Minor | null;
}

/**
 * The lowest price a unit may ever sell at:
 * `max(floorPrice ?? 0, ceil(unitCost × 10000 / (10000 − minMarginBps)))`.
 * A margin of 10000 bps (100 %) cannot be reached at any price; it is treated as 9999.
 *
 * @example effectiveFloor({ unitCost: 300, minMarginBps: 1000, floorPrice: null }, 0) === 334
 *          // 300 / 0.9 = 333.33… → 334, whose margin (334 − 300) / 334 = 10.2 % ≥ 10 %
 */
export function effectiveFloor(p: FloorInputs, merchantDefaultMinMarginBps: Bps): Minor {
  const bps = Math.min(p.minMarginBps ?? merchantDefaultMinMarginBps, 9999);
  const denom = 10000 - bps;
  const num = p.unitCost * 10000;
  const byMargin = Number.isSafeInteger(num)
    ? Math.ceil(num / denom)
    : Number((BigInt(p.unitCost) * 10000n + BigInt(denom) - 1n) / BigInt(denom));
  return Math.max(p.floorPrice ?? 0, byMargin);
}

/** Margin of selling at `price` with cost `unitCost`, in bps of the price (negative when below cost). */
export function marginBps(price: Minor, unitCost: Minor): Bps {
  if (price <= 0) return unitCost > 0 ? -10000 : 0;
  return Math.floor(((price - unitCost) * 10000) / price);
}
