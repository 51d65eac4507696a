import type { TruncatedPoisson } from './poisson.ts';

/**
 * The two inner loops of the planner, written for speed: four outputs per pass with the inputs held in registers
 * (a sliding window), so the floating-point adds of neighbouring outputs overlap instead of waiting on each other.
 *
 * Vectors over stock n = 0..N live in Float64Arrays at `base + n`, with at least {@link PAD} zeros on each side
 * (`base − PAD … base − 1` and `base + N + 1 … base + N + PAD`); the kernels read the padding and rely on its zeros.
 */
export const PAD = 4;

/** A zero-padded vector over stock 0..n: `base` is PAD. */
export function padded(n: number): Float64Array {
  return new Float64Array(n + 1 + 2 * PAD);
}

/** `rows` zero-padded vectors over 0..n sharing one allocation (typed-array allocation is slow). */
export function paddedRows(rows: number, n: number): Float64Array[] {
  const stride = n + 1 + 2 * PAD;
  const buf = new Float64Array(rows * stride);
  return Array.from({ length: rows }, (_, i) => buf.subarray(i * stride, (i + 1) * stride));
}

/**
 * One period at one price, backwards, for stocks n in [n0, n1] (n1 ≤ the vector's N):
 * `out[ob + n] = price·E[min(D, n)] + Σ_{d=lo..min(n, hi)} P(D = d)·v[vb + n − d] + P(D > n)·v[vb]`,
 * the expected revenue of the period plus the value of the stock that remains.
 * For n < lo, demand exceeds stock with probability 1 − O(eps): `price·n + v[vb]`.
 */
export function stage(
  dist: TruncatedPoisson,
  price: number,
  v: Float64Array,
  vb: number,
  out: Float64Array,
  ob: number,
  n0: number,
  n1: number,
): void {
  const { lo, hi, buf, pmf, tail, sold } = dist;
  const w = hi - lo + 1;
  const P = buf.subarray(pmf, pmf + w); // a view: one index add less in the hot loop (~10 %)
  const v0 = v[vb]!;
  let n = n0;
  for (; n <= n1 && n < lo; n++) out[ob + n] = price * n + v0;
  for (; n <= n1; n += 4) {
    const len = Math.min(w, n + 4 - lo);
    const k = vb + n - lo;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let x1 = v[k + 1]!;
    let x2 = v[k + 2]!;
    let x3 = v[k + 3]!;
    for (let i = 0; i < len; i++) {
      const p = P[i]!;
      const x0 = v[k - i]!;
      a0 += p * x0;
      a1 += p * x1;
      a2 += p * x2;
      a3 += p * x3;
      x3 = x2;
      x2 = x1;
      x1 = x0;
    }
    const last = Math.min(3, n1 - n);
    for (let r = 0; r <= last; r++) {
      const m = n + r;
      const i = m + 1 - lo;
      const gt = i > w ? 0 : buf[tail + i]!;
      const s = i > w ? buf[sold + w]! : buf[sold + m - lo]!;
      out[ob + m] = price * s + (r === 0 ? a0 : r === 1 ? a1 : r === 2 ? a2 : a3) + gt * v0;
    }
  }
}

/**
 * {@link stage} for stocks in [n0, n1], then, up to N, the line `out[n1] + slope·(n − n1)`: above n1 no stock-out can
 * happen any more (n1 ≥ all the demand still to come), so each extra unit is surely left over at `slope`.
 */
export function stageLinearAbove(
  dist: TruncatedPoisson,
  price: number,
  v: Float64Array,
  vb: number,
  out: Float64Array,
  ob: number,
  n0: number,
  n1: number,
  N: number,
  slope: number,
): void {
  const top = Math.max(n0, Math.min(n1, N));
  stage(dist, price, v, vb, out, ob, n0, top);
  const at = out[ob + top]!;
  for (let n = top + 1; n <= N; n++) out[ob + n] = at + slope * (n - top);
}

/**
 * One period at one price, forwards: the stock distribution `f` (at `fb`, support within [from, N]) becomes `out`
 * (at `ob`, same N): `out[m] = Σ_d P(D = d)·f[m + d]` for m ≥ 1 and `out[0] = Σ_n f[n]·P(D ≥ n)`.
 * Returns the period's expected revenue `price·Σ_n f[n]·E[min(D, n)]`.
 */
export function push(
  dist: TruncatedPoisson,
  price: number,
  f: Float64Array,
  fb: number,
  out: Float64Array,
  ob: number,
  from: number,
  N: number,
): number {
  const { lo, hi, buf, pmf, tail, sold } = dist;
  const w = hi - lo + 1;
  const P = buf.subarray(pmf, pmf + w);
  let revenue = 0;
  let empty = 0;
  for (let n = from; n <= N; n++) {
    const q = f[fb + n]!;
    if (q === 0) continue;
    if (n <= lo) {
      empty += q;
      revenue += q * n;
    } else {
      empty += n > hi + 1 ? 0 : q * buf[tail + n - lo]!;
      revenue += q * buf[sold + Math.min(n, hi + 1) - lo]!;
    }
  }
  out.fill(0, ob - 4, ob + N + 5);
  out[ob] = empty;
  for (let m = Math.max(1, from - hi); m + lo <= N; m += 4) {
    const len = Math.min(w, N - m - lo + 1);
    const j = fb + m + lo;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let x0 = f[j]!;
    let x1 = f[j + 1]!;
    let x2 = f[j + 2]!;
    for (let i = 0; i < len; i++) {
      const p = P[i]!;
      const x3 = f[j + i + 3]!;
      a0 += p * x0;
      a1 += p * x1;
      a2 += p * x2;
      a3 += p * x3;
      x0 = x1;
      x1 = x2;
      x2 = x3;
    }
    const last = Math.min(3, N - m - lo);
    out[ob + m] = a0;
    if (last >= 1) out[ob + m + 1] = a1;
    if (last >= 2) out[ob + m + 2] = a2;
    if (last >= 3) out[ob + m + 3] = a3;
  }
  return revenue * price;
}
