/**
 * Truncated Poisson distributions, stored for fast dynamic programming: only the support where the pmf is at least
 * `eps` is kept (the omitted mass is below a few × eps), so sums over demand cost O(√λ) terms instead of O(λ).
 * A model's distributions share one Float64Array (typed-array allocation dominates otherwise).
 */

const SMALL_LOG_FACT = (() => {
  const t = new Float64Array(32);
  for (let i = 2; i < 32; i++) t[i] = t[i - 1]! + Math.log(i);
  return t;
})();

/** `ln(n!)`: exact table below 32, Stirling's series above (error < 1e-15 relative). */
export function logFactorial(n: number): number {
  if (n < 32) return SMALL_LOG_FACT[n]!;
  const inv = 1 / n;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + series;
}

/** Default cut-off of pmf values: mass outside the kept support is negligible against money in minor units. */
export const DEFAULT_EPS = 1e-12;

/**
 * Poisson(λ) on `[lo, hi]`, w = hi − lo + 1, stored in `buf` from three offsets:
 * `buf[pmf + i] = P(D = lo + i)` for i < w; `buf[tail + i] = P(D ≥ lo + i)` and `buf[sold + i] = E[min(D, lo + i)]`
 * for i ≤ w (so `tail + 0` is 1 up to the mass below lo, `tail + w` is 0 and `sold + w` is E[D]).
 * Below lo, `E[min(D, n)] = n` and `P(D ≥ n) = 1` up to the omitted mass.
 */
export interface TruncatedPoisson {
  lambda: number;
  lo: number;
  hi: number;
  buf: Float64Array;
  pmf: number;
  tail: number;
  sold: number;
}

interface Support {
  lo: number;
  hi: number;
  /** The pmf at `from`, where the walk started. */
  from: number;
  pFrom: number;
  /** The support was cut at `cap`: the mass above it lives in the last tail entry. */
  capped: boolean;
}

/**
 * The kept support `[lo, hi]` of Poisson(λ), hi ≤ cap: walk outwards from `min(mode, cap)` while the pmf stays ≥ eps.
 * Demand beyond `cap` (the stock + 1) never matters: it sells out the stock like demand of exactly `cap` does. When all
 * but eps of the mass lies above cap, the distribution collapses to the single point `cap` (no walk over √λ terms).
 */
function support(lambda: number, eps: number, cap: number): Support {
  if (!(lambda > 0)) return { lo: 0, hi: 0, from: 0, pFrom: 1, capped: false };
  if (!Number.isFinite(lambda) && !Number.isFinite(cap)) throw new RangeError('infinite demand needs a cap');
  const mode = Math.floor(lambda);
  const from = Math.min(mode, cap);
  const pFrom = Number.isFinite(lambda) ? Math.exp(from * Math.log(lambda) - lambda - logFactorial(from)) : 0;
  if (from < mode && pFrom * (from + 1) < eps) return { lo: from, hi: from, from, pFrom: 1, capped: false };
  const inv = 1 / lambda;
  let lo = from;
  let p = pFrom;
  while (lo > 0) {
    const q = p * (lo * inv);
    if (q < eps) break;
    p = q;
    lo--;
  }
  let hi = from;
  p = pFrom;
  while (hi < cap) {
    const q = p * (lambda / (hi + 1));
    if (q < eps) break;
    p = q;
    hi++;
  }
  return { lo, hi, from, pFrom, capped: hi === cap };
}

/**
 * Builds Poisson(λ) for every λ in `lambdas` into one shared buffer, from `min(mode, cap)` outwards with the
 * recurrences `p(d+1) = p(d)·λ/(d+1)` and `p(d−1) = p(d)·d/λ` (no underflow for large λ, no cancellation).
 * With a finite `cap` (the DP passes stock + 1) the support never exceeds cap and `P(D > hi)` keeps the mass above it.
 */
export function poissonTable(
  lambdas: ArrayLike<number>,
  eps = DEFAULT_EPS,
  cap = Number.POSITIVE_INFINITY,
): TruncatedPoisson[] {
  const bounds = Array.from(lambdas, (l) => support(l, eps, cap));
  let size = 0;
  for (const b of bounds) size += 3 * (b.hi - b.lo + 1) + 2;
  const buf = new Float64Array(size);
  let at = 0;
  return bounds.map(({ lo, hi, from, pFrom, capped }, s) => {
    const lambda = Math.max(lambdas[s]!, 0);
    const w = hi - lo + 1;
    const pmf = at;
    const tail = at + w;
    const sold = tail + w + 1;
    at = sold + w + 1;
    const inv = 1 / lambda;
    buf[pmf + from - lo] = pFrom;
    for (let d = from; d > lo; d--) buf[pmf + d - 1 - lo] = buf[pmf + d - lo]! * (d * inv);
    for (let d = from; d < hi; d++) buf[pmf + d + 1 - lo] = buf[pmf + d - lo]! * (lambda / (d + 1)); // divide off the dependency chain
    let kept = 0;
    for (let i = w - 1; i >= 0; i--) kept += buf[pmf + i]!;
    buf[tail + w] = capped ? Math.max(0, 1 - kept) : 0;
    for (let i = w - 1; i >= 0; i--) buf[tail + i] = buf[tail + i + 1]! + buf[pmf + i]!;
    buf[sold] = lo;
    for (let i = 1; i <= w; i++) buf[sold + i] = buf[sold + i - 1]! + buf[tail + i]!;
    return { lambda, lo, hi, buf, pmf, tail, sold };
  });
}

/** Poisson(λ) truncated to where its pmf is ≥ eps. @example truncatedPoisson(0): lo = hi = 0, P(D = 0) = 1 */
export function truncatedPoisson(lambda: number, eps = DEFAULT_EPS, cap = Number.POSITIVE_INFINITY): TruncatedPoisson {
  return poissonTable([lambda], eps, cap)[0]!;
}

/** `P(D = d)` for the truncated distribution. */
export function pmfAt(p: TruncatedPoisson, d: number): number {
  return d < p.lo || d > p.hi ? 0 : p.buf[p.pmf + d - p.lo]!;
}

/** `P(D ≥ n)` for the truncated distribution. */
export function tailAt(p: TruncatedPoisson, n: number): number {
  if (n <= p.lo) return 1;
  if (n > p.hi + 1) return 0;
  return p.buf[p.tail + n - p.lo]!; // at hi + 1: the mass above a capped support
}

/** `E[min(D, n)]`: the expected units sold from a stock of n. */
export function soldAt(p: TruncatedPoisson, n: number): number {
  if (n <= p.lo) return n;
  return p.buf[p.sold + Math.min(n, p.hi + 1) - p.lo]!;
}

/**
 * Draws from the truncated distribution by inversion with `u` uniform in [0, 1): binary search on the tail for the
 * largest d in `[lo, hi + 1]` with `P(D ≥ d) > u`, i.e. the value whose CDF interval holds `1 − u`
 * (hi + 1 only for a capped support: "more than the stock").
 */
export function samplePoisson(p: TruncatedPoisson, u: number): number {
  const { buf, tail } = p;
  let a = 0;
  let b = p.hi - p.lo + 1; // index w holds P(D > hi): non-zero only when the support was capped
  while (a < b) {
    const m = (a + b + 1) >> 1;
    if (buf[tail + m]! > u) a = m;
    else b = m - 1;
  }
  return p.lo + a;
}

/**
 * A guide table for fast inversion (Chen & Asau): `g[i]` is the largest tail index with `P(D ≥ lo + g[i]) > i/m`, so a
 * draw starts there and walks down a step or two. Build O(w + m), draw O(1) expected.
 */
export function guideTable(p: TruncatedPoisson, m = 64): Int32Array {
  const g = new Int32Array(m);
  let j = p.hi - p.lo + 1;
  for (let i = 0; i < m; i++) {
    while (j > 0 && p.buf[p.tail + j]! <= i / m) j--;
    g[i] = j;
  }
  return g;
}

/** {@link samplePoisson} through a {@link guideTable}: the same draw for the same `u`. */
export function sampleGuided(p: TruncatedPoisson, g: Int32Array, u: number): number {
  const { buf, tail } = p;
  let j = g[Math.floor(u * g.length)]!;
  while (j > 0 && buf[tail + j]! <= u) j--;
  return p.lo + j;
}
