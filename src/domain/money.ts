/**
 * Money is an integer number of minor units (cents, fen; yen has none). No float ever touches it.
 * Percentages are integer basis points: 1500 = 15 %.
 */
export type Minor = number;
export type Bps = number;

/**
 * The largest unit price (list price, cost, floor, set price) the service takes. A cart has at most 200 lines of at
 * most 10,000 units, so any cart's subtotal, and any order's total, stays a safe integer: no sum of prices ever
 * loses precision. 4,503,599,627 minor units is about 45 million in a two-decimal currency.
 */
export const MAX_UNIT_PRICE: Minor = Math.floor(Number.MAX_SAFE_INTEGER / (200 * 10_000));

/** Raised when an amount is not a safe, non-negative integer of minor units. */
export class MoneyError extends Error {}

export function assertMinor(value: number, what = 'amount'): Minor {
  if (!Number.isSafeInteger(value) || value < 0) throw new MoneyError(`${what} must be a non-negative safe integer`);
  return value;
}

/**
 * `bps` of `price`, rounded half-up: `(price × bps + 5000) div 10000`.
 * Uses BigInt only when the product would leave the safe-integer range.
 *
 * @example percent(999, 1500) === 150   // 149.85 → 150
 * @example percent(10, 2500) === 3      // 2.5 → 3 (half-up)
 */
export function percent(price: Minor, bps: Bps): Minor {
  const product = price * bps;
  if (Number.isSafeInteger(product + 5000)) return Math.floor((product + 5000) / 10000);
  return Number((BigInt(price) * BigInt(bps) + 5000n) / 10000n);
}

/** A unit's price after `bps` off: `price − percent(price, bps)`. */
export function discounted(price: Minor, bps: Bps): Minor {
  return price - percent(price, bps);
}

/**
 * Splits `total` over parts in proportion to `weights` by the largest-remainder method, so the parts always
 * sum to `total` exactly. Remainder units go to the largest fractional remainders; ties go to the earlier part.
 * With all weights zero the split is by equal weights.
 *
 * @example allocate(100, [1, 1, 1]) → [34, 33, 33]
 * @example allocate(1000, [700, 300]) → [700, 300]
 */
export function allocate(total: Minor, weights: readonly Minor[]): Minor[] {
  const n = weights.length;
  if (n === 0) {
    if (total !== 0) throw new MoneyError('cannot allocate a non-zero total over no parts');
    return [];
  }
  let sum = 0;
  for (const w of weights) sum += w;
  const ws = sum === 0 ? weights.map(() => 1) : weights;
  const wsum = sum === 0 ? n : sum;
  const big = !Number.isSafeInteger(total * wsum);
  const parts = new Array<Minor>(n);
  const remainders = new Array<number>(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const w = ws[i]!;
    if (big) {
      const p = BigInt(total) * BigInt(w);
      parts[i] = Number(p / BigInt(wsum));
      remainders[i] = Number(p % BigInt(wsum));
    } else {
      const p = total * w;
      parts[i] = Math.floor(p / wsum);
      remainders[i] = p - parts[i]! * wsum;
    }
    given += parts[i]!;
  }
  let left = total - given;
  if (left > 0) {
    const order = [...remainders.keys()].sort((a, b) => remainders[b]! - remainders[a]! || a - b);
    for (let k = 0; left > 0; k++, left--) parts[order[k % n]!]! += 1;
  }
  return parts;
}
